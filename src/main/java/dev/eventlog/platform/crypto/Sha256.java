package dev.eventlog.platform.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 with one digest per thread. {@code MessageDigest.getInstance} walks the security
 * providers on every call, and inside WildFly that list starts with Elytron's: the ingest profile
 * showed the lookups, made for every advisory-lock key and every request's API key, among the
 * costs of a batch. A digest resets itself after {@code digest()}, so reuse is safe.
 */
public final class Sha256 {

    private static final ThreadLocal<MessageDigest> DIGESTS = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    });

    private Sha256() {
    }

    public static byte[] of(byte[] input) {
        return DIGESTS.get().digest(input);
    }

    public static byte[] of(String text) {
        return of(text.getBytes(StandardCharsets.UTF_8));
    }
}
