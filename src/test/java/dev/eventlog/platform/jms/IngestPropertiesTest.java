package dev.eventlog.platform.jms;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.jms.Message;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

class IngestPropertiesTest {

    private static final long SENT = 1764028093213L;

    /** A message with this JMSTimestamp and this value (or none) in eventlog_original_timestamp. */
    private static Message message(Object carried) {
        return (Message) Proxy.newProxyInstance(Message.class.getClassLoader(), new Class<?>[] {Message.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getJMSTimestamp" -> SENT;
                    case "getObjectProperty" -> IngestProperties.ORIGINAL_TIMESTAMP.equals(args[0]) ? carried : null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void aReplayIsSentWhenItsOriginalWas() throws Exception {
        assertEquals(1700000000000L, IngestProperties.sentAt(message(1700000000000L)));
    }

    @Test
    void anyOtherMessageWhenItsJmsTimestampSays() throws Exception {
        assertEquals(SENT, IngestProperties.sentAt(message(null)));
    }

    @Test
    void aCarriedTimeOfTheWrongTypeOrSignIsIgnoredNotFatal() throws Exception {
        // A producer can set any property: none of these may make a message unreadable.
        for (Object odd : new Object[] {"1700000000000", 1700000000, 0L, -5L, true, 1.7e12}) {
            assertEquals(SENT, IngestProperties.sentAt(message(odd)), String.valueOf(odd));
        }
    }
}
