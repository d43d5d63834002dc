package dev.eventlog.it;

import java.io.IOException;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.dmr.ModelNode;

/**
 * WildFly's management API as the tests use it: the same operations an operator runs in
 * jboss-cli or the admin console (stopping an MDB's delivery, reading and moving a queue's
 * messages).
 */
final class ServerManagement {

    private final ManagementClient client;

    ServerManagement(ManagementClient client) {
        this.client = client;
    }

    /** Stops or restarts one of the deployment's message-driven beans taking messages. */
    void setDelivery(String mdb, boolean on) throws IOException {
        ModelNode op = operation(on ? "start-delivery" : "stop-delivery");
        op.get("address").add("deployment", "eventlog.war").add("subsystem", "ejb3").add("message-driven-bean", mdb);
        execute(op);
    }

    /** {@code /subsystem=messaging-activemq/server=default/runtime-queue=jms.queue.QUEUE:OPERATION(…)}. */
    ModelNode queueOperation(String queue, String operation, String... parameters) throws IOException {
        ModelNode op = operation(operation);
        op.get("address").add("subsystem", "messaging-activemq").add("server", "default")
                .add("runtime-queue", "jms.queue." + queue);
        for (int i = 0; i < parameters.length; i += 2) {
            op.get(parameters[i]).set(parameters[i + 1]);
        }
        return execute(op);
    }

    /** A runtime attribute of a queue of the embedded broker (WildFly keeps the 1.x "jms.queue." prefix). */
    ModelNode queueAttribute(String queue, String attribute) throws IOException {
        ModelNode op = operation("read-attribute");
        op.get("name").set(attribute);
        op.get("address").add("subsystem", "messaging-activemq").add("server", "default")
                .add("runtime-queue", "jms.queue." + queue);
        return execute(op);
    }

    /** {@code /subsystem=messaging-activemq/server=default/address-setting=MATCH:read-resource}. */
    ModelNode addressSetting(String match) throws IOException {
        ModelNode op = operation("read-resource");
        op.get("address").add("subsystem", "messaging-activemq").add("server", "default").add("address-setting", match);
        return execute(op);
    }

    /** {@code /subsystem=messaging-activemq/server=default/address-setting=MATCH:write-attribute(name=…, value=…)}. */
    void writeAddressSetting(String match, String attribute, ModelNode value) throws IOException {
        ModelNode op = operation("write-attribute");
        op.get("address").add("subsystem", "messaging-activemq").add("server", "default").add("address-setting", match);
        op.get("name").set(attribute);
        op.get("value").set(value);
        execute(op);
    }

    ModelNode execute(ModelNode op) throws IOException {
        ModelNode result = client.getControllerClient().execute(op);
        if (!"success".equals(result.get("outcome").asString())) {
            throw new AssertionError(op + " failed: " + result);
        }
        return result.get("result");
    }

    private static ModelNode operation(String name) {
        ModelNode op = new ModelNode();
        op.get("operation").set(name);
        return op;
    }
}
