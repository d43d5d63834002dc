package dev.eventlog.platform.jms;

import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import java.util.Enumeration;

/**
 * How many messages a queue holds, by browsing it: the one portable way (JMS has no count). The
 * count stops at a cap, so a huge queue costs a bounded scan; a result equal to the cap means
 * "at least that many".
 */
public final class QueueDepth {

    /** The cap of the counts in metrics and readiness (the README names it). */
    public static final int DEFAULT_CAP = 10_000;

    private QueueDepth() {
    }

    public static long count(JMSContext context, Queue queue, int cap) {
        try (QueueBrowser browser = context.createBrowser(queue)) {
            Enumeration<?> messages = browser.getEnumeration();
            long count = 0;
            while (count < cap && messages.hasMoreElements()) {
                messages.nextElement();
                count++;
            }
            return count;
        } catch (JMSException e) {
            throw new JMSRuntimeException(e.getMessage(), e.getErrorCode(), e);
        }
    }
}
