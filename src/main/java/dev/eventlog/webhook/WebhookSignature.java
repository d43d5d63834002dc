package dev.eventlog.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The two signature schemes, over one 32-byte key per subscription generation.
 *
 * <p>Close's: hex HMAC-SHA256 keyed with the hex-DECODED signature key, over the timestamp
 * header's text followed directly by the exact body bytes.
 *
 * <p>Standard Webhooks' (standardwebhooks.com): base64 HMAC-SHA256 keyed with the same bytes, over
 * {@code id.timestamp.body}; the secret is shown as {@code whsec_} + base64 of the key.
 */
public final class WebhookSignature {

    public static final String CLOSE = "close";
    public static final String STANDARD = "standard";
    public static final String BOTH = "both";

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

    /** Close's {@code close-sig-hash}. */
    public static String sign(String signatureKeyHex, String timestamp, byte[] body) {
        return HexFormat.of().formatHex(hmac(signatureKeyHex, timestamp.getBytes(StandardCharsets.UTF_8), body));
    }

    /** One Standard Webhooks signature, without its {@code v1,} prefix. */
    public static String signStandard(String signatureKeyHex, String messageId, String timestamp, byte[] body) {
        byte[] prefix = (messageId + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
        return Base64.getEncoder().encodeToString(hmac(signatureKeyHex, prefix, body));
    }

    /** The key as a Standard Webhooks secret: {@code whsec_} + base64. */
    public static String standardSecret(String signatureKeyHex) {
        return "whsec_" + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(signatureKeyHex));
    }

    public static boolean signsClose(String scheme) {
        return CLOSE.equals(scheme) || BOTH.equals(scheme);
    }

    public static boolean signsStandard(String scheme) {
        return STANDARD.equals(scheme) || BOTH.equals(scheme);
    }

    private static byte[] hmac(String signatureKeyHex, byte[] prefix, byte[] body) {
        try {
            Mac mac = HMACS.get();
            mac.init(new SecretKeySpec(HexFormat.of().parseHex(signatureKeyHex), "HmacSHA256"));
            mac.update(prefix);
            return mac.doFinal(body);
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
