package dev.eventlog.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Close's webhook signature: hex HMAC-SHA256 keyed with the hex-DECODED signature key, over the
 * timestamp header's text followed directly by the exact body bytes.
 */
public final class WebhookSignature {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** One per thread: Mac.getInstance walks the security providers, and a Mac is re-keyed by init. */
    private static final ThreadLocal<Mac> HMACS = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    });

    private WebhookSignature() {
    }

    public static String sign(String signatureKeyHex, String timestamp, byte[] body) {
        try {
            Mac mac = HMACS.get();
            mac.init(new SecretKeySpec(HexFormat.of().parseHex(signatureKeyHex), "HmacSHA256"));
            mac.update(timestamp.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** 32 random bytes as 64 hex characters. */
    public static String newSignatureKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return HexFormat.of().formatHex(key);
    }
}
