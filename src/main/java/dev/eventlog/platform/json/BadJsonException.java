package dev.eventlog.platform.json;

/**
 * JSON that Eventlog will not take: malformed, or outside what it can store and give back
 * unchanged. The message names the problem and where it is, and is fit for the API's answer;
 * {@link #path()} is the place in the document (as field errors name it), when there is one.
 */
public class BadJsonException extends RuntimeException {

    private final String path;
    private final String problem;

    public BadJsonException(String message) {
        this(null, message);
    }

    BadJsonException(String path, String problem) {
        super(path == null ? problem : problem.substring(0, problem.length() - 1) + " (at " + path + ").",
                null, false, false);
        this.path = path;
        this.problem = problem;
    }

    /** Like "[0].data.note", or null when the problem is the document as a whole. */
    public String path() {
        return path;
    }

    /** The problem without its place: a field error's message. */
    public String problem() {
        return problem;
    }
}
