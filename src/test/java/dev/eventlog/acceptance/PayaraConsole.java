package dev.eventlog.acceptance;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;

/**
 * Payara's admin console as an operator relies on it, read the way the console reads it: the REST
 * admin API on the admin port (deployments, the JMS physical destinations) with the domain's
 * administrator, and the broker's JMX destination monitors, which the console's "View
 * Statistics" page and {@code imqcmd list dst} show. OpenMQ's JMX client ({@code imqjmx.jar} of
 * the distribution, on the test class path in profile payara) is loaded by name.
 */
final class PayaraConsole {

    record Answer(int status, JsonObject json) {
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String adminUrl;
    private final String user;
    private final String password;

    PayaraConsole(String adminUrl, String user, String password) {
        this.adminUrl = adminUrl;
        this.user = user;
        this.password = password;
    }

    /** GET {@code /management/domain/<path>} as JSON, logged in with {@code password}. */
    Answer get(String path, String password) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(adminUrl + "/management/domain/" + path))
                .timeout(Duration.ofSeconds(30)).header("Accept", "application/json")
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))
                .build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        JsonObject json = response.statusCode() == 200
                ? Json.createReader(new StringReader(response.body())).readObject() : null;
        return new Answer(response.statusCode(), json);
    }

    Answer get(String path) throws Exception {
        return get(path, password);
    }

    /** Messages on a queue now, from the broker's destination monitor (its NumMsgs). */
    static long messageCount(String broker, String brokerUser, String brokerPassword, String queue) throws Exception {
        Class<?> factoryType = Class.forName("com.sun.messaging.AdminConnectionFactory");
        Object factory = factoryType.getConstructor().newInstance();
        factoryType.getMethod("setProperty", String.class, String.class).invoke(factory, "imqAddress", broker);
        Method connect = factoryType.getMethod("createConnection", String.class, String.class);
        try (JMXConnector jmx = (JMXConnector) connect.invoke(factory, brokerUser, brokerPassword)) {
            MBeanServerConnection server = jmx.getMBeanServerConnection();
            ObjectName monitor = (ObjectName) Class.forName("com.sun.messaging.jms.management.server.MQObjectName")
                    .getMethod("createDestinationMonitor", String.class, String.class).invoke(null, "q", queue);
            return ((Number) server.getAttribute(monitor, "NumMsgs")).longValue();
        }
    }
}
