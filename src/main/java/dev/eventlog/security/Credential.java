package dev.eventlog.security;

/** The kinds of credential a request can carry (HTTP Basic, the secret as the user name). */
public enum Credential {
    /** A user's API key: reads and manages that user's organization. */
    API_KEY,
    /** A producer's ingest key: may only post events. */
    INGEST_KEY,
    /** An internal consumer's key: reads the stream, of one organization or of all (package stream). */
    CONSUMER_KEY,
    /** The operator's system token (eventlog.system-token): creates organizations, ingest and consumer keys. */
    SYSTEM_TOKEN
}
