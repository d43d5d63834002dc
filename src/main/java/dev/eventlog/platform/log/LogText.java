package dev.eventlog.platform.log;

/**
 * Caller-controlled text made fit for a log line: control characters (a newline that would start
 * a forged line, an escape sequence for the operator's terminal) are shown escaped, and the text
 * is cut short, so a producer can neither fake log entries nor flood the log.
 */
public final class LogText {

    static final int MAX_LENGTH = 500;

    private LogText() {
    }

    public static String safe(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_LENGTH) + 16);
        for (int i = 0; i < text.length() && out.length() < MAX_LENGTH; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
                            || Character.getType(c) == Character.LINE_SEPARATOR
                            || Character.getType(c) == Character.PARAGRAPH_SEPARATOR) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        if (out.length() >= MAX_LENGTH && text.length() > MAX_LENGTH) {
            out.append("… (").append(text.length()).append(" characters)");
        }
        return out.toString();
    }
}
