package dev.eventlog.it;

import static dev.eventlog.it.TestApi.expect;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.eventlog.it.TestApi.Tenant;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A generated corpus of hostile and dirty requests against every endpoint (HostileCorpus), sent
 * as raw HTTP. Whatever comes in: never a 5xx, every error under /api/ in the API's JSON error
 * format, no stack trace or class name in any answer, and every event answered 202 readable
 * afterwards. One fixed seed (the same corpus on every run) and one random seed, printed, so a
 * failure can be replayed with {@code -Deventlog.test.corpus.seed=…}.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class HostileRequestsIT {

    private static final long FIXED_SEED = 20261201L;
    /** Internals a client must never see. */
    private static final Pattern INTERNALS = Pattern.compile(
            "Exception|\\tat |Caused by|org\\.hibernate|org\\.jboss|org\\.postgresql|java\\.lang|dev\\.eventlog|PSQL|SQLState|stack");

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.eventlog();
    }

    private final TestApi api = TestApi.fromClient();
    private final RawHttp http = new RawHttp(Integer.getInteger("eventlog.test.http-port", 8180));
    private Tenant tenant;
    private HostileCorpus.Context context;

    @BeforeEach
    void tenantWithSomethingOfEachKind() {
        tenant = api.newTenant();
        String subscription = expect(api.post("/api/v1/webhook/", tenant.adminKey(), Json.createObjectBuilder()
                .add("url", "http://127.0.0.1:9/hooks")
                .add("events", Json.createArrayBuilder().add(Json.createObjectBuilder().add("object_type", "nothing").add("action", "x")))
                .build().toString()), 201).json().getString("id");
        String eventId = expect(api.post("/api/v1/internal/event/", api.newIngestKey(),
                TestEvents.noteCreated(tenant.organizationId(), "acti_seed", "u").build().toString()), 202)
                .json().getJsonArray("ids").getString(0);
        String userKey = api.newUserKey(tenant);
        String apiKeyId = expect(api.get("/api/v1/api_key/", userKey), 200).data().getJsonObject(0).getString("id");
        context = new HostileCorpus.Context(tenant.organizationId(), tenant.adminKey(), userKey, api.newIngestKey(),
                TestApi.SYSTEM_TOKEN, subscription, eventId, apiKeyId);
    }

    @Test
    void aFixedCorpusBreaksNoPromise() throws Exception {
        run(Long.getLong("eventlog.test.corpus.seed", FIXED_SEED), Integer.getInteger("eventlog.test.corpus.size", 2500));
    }

    @Test
    void aRandomCorpusBreaksNoPromise() throws Exception {
        long seed = System.nanoTime();
        System.out.println("HostileRequestsIT random seed: " + seed + " (replay with -Deventlog.test.corpus.seed=" + seed + ")");
        run(seed, Integer.getInteger("eventlog.test.corpus.size", 2500) / 2);
    }

    private void run(long seed, int size) throws Exception {
        HostileCorpus corpus = new HostileCorpus(seed, context);
        Map<String, Integer> statuses = new TreeMap<>();
        List<String> broken = new ArrayList<>();
        List<String> accepted = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            HostileCorpus.Case next = corpus.next();
            RawHttp.Response response;
            try {
                response = http.send(next.request());
            } catch (IOException e) {
                broken.add("no answer (" + e.getMessage() + ") to " + next.request().describe());
                continue;
            }
            statuses.merge(next.kind() + " " + response.status(), 1, Integer::sum);
            String problem = problem(next.request(), response);
            if (problem != null && broken.size() < 30) {
                broken.add(problem + ": " + response.status() + " " + response.text().substring(0, Math.min(300, response.text().length()))
                        + "\n    for " + next.request().describe());
            }
            if (next.kind().equals("ingest") && response.status() == 202) {
                json(response).getJsonArray("ids").getValuesAs(JsonString.class).forEach(id -> accepted.add(id.getString()));
            }
        }
        System.out.println("HostileRequestsIT seed " + seed + ", " + size + " requests, statuses " + statuses
                + ", events accepted " + accepted.size());
        assertTrue(broken.isEmpty(), "seed " + seed + ": " + String.join("\n", broken));

        // Every event answered 202 is stored and readable, whatever it held (a merged update by the
        // id it was given, as part of the event it was folded into).
        Set<String> unread = new HashSet<>(accepted);
        try {
            await().atMost(90, SECONDS).pollInterval(Duration.ofSeconds(1)).until(() -> {
                unread.removeIf(id -> api.get("/api/v1/event/" + id + "/", tenant.adminKey()).status() == 200);
                return unread.isEmpty();
            });
        } catch (ConditionTimeoutException e) {
            fail("seed " + seed + ": answered 202 but not readable: " + unread);
        }
        expect(api.get("/api/v1/event/?_limit=100", tenant.adminKey()), 200);
    }

    /** What the answer breaks of the API's promises, or null. */
    private static String problem(RawHttp.Request request, RawHttp.Response response) {
        if (response.status() >= 500) {
            return "server error";
        }
        if (INTERNALS.matcher(response.text()).find()) {
            return "internals in the answer";
        }
        if (response.status() < 400 || request.method().equals("HEAD")) {
            return null;
        }
        String type = response.header("content-type");
        if (type == null || !type.startsWith("application/json")) {
            return "error not in JSON (" + type + ")";
        }
        JsonObject error = json(response);
        if (error == null || !(error.containsKey("error") || (error.containsKey("errors") && error.containsKey("field-errors")))) {
            return "error not in the API's format";
        }
        return null;
    }

    private static JsonObject json(RawHttp.Response response) {
        try {
            JsonValue value = Json.createReader(new StringReader(response.text())).readValue();
            return value instanceof JsonObject object ? object : null;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
