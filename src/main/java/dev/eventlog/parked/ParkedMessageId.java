package dev.eventlog.parked;

import java.util.regex.Pattern;

/**
 * A parked message's id is its JMSMessageID, and finding one by id means a message selector: so
 * an id is checked against a strict form before it goes anywhere near one. The form allows what
 * Artemis ({@code ID:} and a UUID) and OpenMQ ({@code ID:7-10.0.0.1(a2:..)-52398-1464707003012})
 * make, and nothing that could end or extend a selector's string literal (quotes, spaces,
 * backslashes, control characters).
 */
public final class ParkedMessageId {

    private static final Pattern FORM = Pattern.compile("ID:[A-Za-z0-9._:()-]{1,100}");

    public static final String RULE = "Must be a JMS message id: 'ID:' followed by 1 to 100 letters, digits or . _ : ( ) -.";

    private ParkedMessageId() {
    }

    public static boolean isWellFormed(String id) {
        return id != null && FORM.matcher(id).matches();
    }

    /** The selector for exactly this message. */
    public static String selector(String id) {
        if (!isWellFormed(id)) {
            throw new IllegalArgumentException("not a well-formed JMS message id");
        }
        return "JMSMessageID = '" + id + "'";
    }
}
