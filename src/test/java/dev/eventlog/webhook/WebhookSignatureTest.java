package dev.eventlog.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    /** The key from Close's documentation (src/test/resources/samples/README.md). */
    private static final String KEY = "058bfb6a3d8cfdc4da7c3be5901b16ae11da982b46a25fb2cd7016e97a140a1c";
    private static final byte[] BODY = "{\"event\": {\"id\": \"ev_1\"}, \"subscription_id\": \"whsub_1\"}".getBytes(StandardCharsets.UTF_8);

    private static String hmac(byte[] key, String message, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        mac.update(message.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }

    @Test
    void isHmacSha256OfTimestampAndBodyWithTheHexDecodedKey() throws Exception {
        String expected = hmac(HexFormat.of().parseHex(KEY), "1547567303", BODY);
        assertEquals(expected, WebhookSignature.sign(KEY, "1547567303", BODY));
        assertNotEquals(hmac(KEY.getBytes(StandardCharsets.US_ASCII), "1547567303", BODY),
                WebhookSignature.sign(KEY, "1547567303", BODY), "the key is hex-decoded, not used as text");
    }

    @Test
    void coversEveryByteOfTheBodyAndTheTimestamp() {
        String signature = WebhookSignature.sign(KEY, "1547567303", BODY);
        byte[] oneMoreSpace = (new String(BODY, StandardCharsets.UTF_8) + " ").getBytes(StandardCharsets.UTF_8);
        assertNotEquals(signature, WebhookSignature.sign(KEY, "1547567303", oneMoreSpace));
        assertNotEquals(signature, WebhookSignature.sign(KEY, "1547567304", BODY));
    }

    @Test
    void newKeysAre64RandomHexCharacters() {
        String a = WebhookSignature.newSignatureKey();
        assertTrue(a.matches("[0-9a-f]{64}"), a);
        assertNotEquals(a, WebhookSignature.newSignatureKey());
    }
}
