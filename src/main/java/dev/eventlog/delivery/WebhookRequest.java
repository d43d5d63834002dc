package dev.eventlog.delivery;

import java.util.List;
import java.util.Map;

/**
 * One signed POST, ready to go: the body is exactly the bytes that were signed. {@code signedWith}
 * says, for the attempt log, by which scheme and key generations ("both 2,1").
 */
public record WebhookRequest(String url, boolean verifySsl, byte[] body, List<Map.Entry<String, String>> headers, String signedWith) {
}
