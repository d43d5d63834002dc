package dev.eventlog.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import dev.eventlog.webhook.WebhookSignature;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Signature headers checked by the Standard Webhooks reference library and by Close's recipe, never by our own signer. */
class WebhookSignaturesTest {

    private static final byte[] BODY = "{\"event\":{\"id\":\"ev_1\"},\"subscription_id\":\"whsub_1\"}".getBytes(StandardCharsets.UTF_8);
    private static final String OLD = WebhookSignature.newSignatureKey();
    private static final String NEW = WebhookSignature.newSignatureKey();

    private final Instant now = Instant.now();
    private final LocalDateTime utc = LocalDateTime.ofInstant(now, ZoneOffset.UTC);
    private final String timestamp = Long.toString(now.getEpochSecond());

    private Map<String, String> headers(SubscriptionTargets.Keys keys) {
        Map<String, String> headers = new HashMap<>();
        WebhookRequests.signatures(keys, "whdel_1", timestamp, BODY, utc).forEach(h -> headers.put(h.getKey(), h.getValue()));
        return headers;
    }

    private static void verifyStandard(String keyHex, Map<String, String> headers) throws Exception {
        Map<String, List<String>> asSent = new HashMap<>();
        headers.forEach((k, v) -> asSent.put(k, List.of(v)));
        new Webhook(WebhookSignature.standardSecret(keyHex)).verify(new String(BODY, StandardCharsets.UTF_8), asSent);
    }

    /** README's receiver recipe for Close's scheme, written out here from Close's documentation. */
    private String close(String keyHex) throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(java.util.HexFormat.of().parseHex(keyHex), "HmacSHA256"));
        mac.update(timestamp.getBytes(StandardCharsets.UTF_8));
        return java.util.HexFormat.of().formatHex(mac.doFinal(BODY));
    }

    @Test
    void standardSignaturesVerifyWithTheReferenceLibraryAndTheIdIsTheDeliverys() throws Exception {
        Map<String, String> headers = headers(new SubscriptionTargets.Keys(WebhookSignature.STANDARD, NEW, 1, null, null));
        verifyStandard(NEW, headers);
        assertEquals("whdel_1", headers.get("webhook-id"));
        assertEquals(timestamp, headers.get("webhook-timestamp"));
        assertNull(headers.get("close-sig-hash"), "only the scheme asked for");
        assertThrows(WebhookVerificationException.class, () -> verifyStandard(OLD, headers));
    }

    @Test
    void closeSignaturesAreUnchangedByDefault() throws Exception {
        Map<String, String> headers = headers(new SubscriptionTargets.Keys(WebhookSignature.CLOSE, NEW, 1, null, null));
        assertEquals(close(NEW), headers.get("close-sig-hash"));
        assertEquals(timestamp, headers.get("close-sig-timestamp"));
        assertNull(headers.get("close-sig-hash-new"));
        assertNull(headers.get("webhook-signature"));
    }

    @Test
    void duringTheGraceAReceiverWithEitherKeyVerifiesEitherScheme() throws Exception {
        Map<String, String> headers = headers(new SubscriptionTargets.Keys(WebhookSignature.BOTH, NEW, 2, OLD, utc.plusHours(1)));
        verifyStandard(OLD, headers);
        verifyStandard(NEW, headers);
        assertEquals(close(OLD), headers.get("close-sig-hash"), "a receiver not yet given the new key goes on as before");
        assertEquals(close(NEW), headers.get("close-sig-hash-new"));
        assertEquals("both 2,1", WebhookRequests.signedWith(new SubscriptionTargets.Keys(WebhookSignature.BOTH, NEW, 2, OLD,
                utc.plusHours(1)), utc));
    }

    @Test
    void afterTheGraceOnlyTheNewKeySigns() throws Exception {
        SubscriptionTargets.Keys keys = new SubscriptionTargets.Keys(WebhookSignature.BOTH, NEW, 2, OLD, utc.minusSeconds(1));
        Map<String, String> headers = headers(keys);
        verifyStandard(NEW, headers);
        assertThrows(WebhookVerificationException.class, () -> verifyStandard(OLD, headers));
        assertEquals(close(NEW), headers.get("close-sig-hash"));
        assertNull(headers.get("close-sig-hash-new"));
        assertEquals("both 2", WebhookRequests.signedWith(keys, utc));
    }
}
