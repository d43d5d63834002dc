package dev.eventlog.ingest;

import dev.eventlog.platform.error.ApiException;

/** A batch over the limit is refused whole (413), before anything of it is looked at. */
public class BatchTooLargeException extends ApiException {

    public BatchTooLargeException(int size, int max) {
        super(413, "A batch holds at most " + max + " events; this one has " + size + ".");
    }
}
