package dev.eventlog.security;

import dev.eventlog.platform.crypto.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/** SHA-256 of a secret, as stored in api_key.key_hash. */
final class KeyHash {

    private KeyHash() {
    }

    static String of(String secret) {
        return HexFormat.of().formatHex(Sha256.of(secret));
    }

    /** Constant-time comparison, so response timing does not leak how much of a secret matched. */
    static boolean sameSecret(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
