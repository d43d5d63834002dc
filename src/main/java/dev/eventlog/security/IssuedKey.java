package dev.eventlog.security;

/** A freshly made credential: the only moment its secret exists outside the caller's hands. */
public record IssuedKey(ApiKey key, String secret) {
}
