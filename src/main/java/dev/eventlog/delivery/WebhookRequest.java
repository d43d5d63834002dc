package dev.eventlog.delivery;

/** One signed POST, ready to go: the body is exactly the bytes that were signed. */
record WebhookRequest(String url, boolean verifySsl, byte[] body, String timestamp, String signature) {
}
