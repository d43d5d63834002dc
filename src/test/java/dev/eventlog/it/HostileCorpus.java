package dev.eventlog.it;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * Generates hostile and dirty requests for every endpoint from one seed: valid requests first,
 * then one to three mutations drawn from what real clients and attackers send (U+0000 pasted from
 * a PDF, lone surrogates, numbers PostgreSQL prints back too long, deep nesting, duplicate keys,
 * NDJSON, broken UTF-8, broken escapes, odd headers and methods). The same seed gives the same
 * corpus, so a failure found once can be replayed.
 */
final class HostileCorpus {

    /** What the generated requests need: real keys and ids of one tenant. */
    record Context(String organizationId, String adminKey, String userKey, String ingestKey, String systemToken,
                   String subscriptionId, String eventId, String apiKeyId) {
    }

    /** A request and whether it is ingest that may legitimately be accepted (202). */
    record Case(String kind, RawHttp.Request request) {
    }

    private static final String[] NASTY_TEXT = {"a\\u0000b", "\\ud800", "x\\udc00y", "\\ud83d", "\\u0000", "\\\\u0000",
            "'; DROP TABLE event; --", "${jndi:ldap://x/a}", "<script>alert(1)</script>", "\\u202e\\u2066", "\\n\\r\\t",
            "%00", "\\uFEFF", "\\uffff", "日本語\\ud83d\\ude00"};
    private static final String[] NASTY_NUMBERS = {"1e2000", "1e1000000", "-1e1001", "1e-1000", "1E+99999999999",
            "9".repeat(1001), "0." + "0".repeat(1200) + "1", "1e308", "-0", "123456789012345678901234567890"};
    private static final String[] QUERY_PARAMS = {"object_type", "action", "object_id", "lead_id", "user_id", "request_id",
            "date_updated__gt", "date_updated__lt", "date_updated__gte", "date_updated__lte", "_cursor", "_limit",
            "_fields", "extra"};
    private static final String[] QUERY_VALUES = {"a%00b", "%00", "%zz", "%", "%C3%28", "%ED%A0%80", "%ff%fe", "1e2000",
            "-1", "0", "99999999999999999999", "9999-12-31T00:00:00", "2026-13-45T99:99:99", "lead", "%27%3B--",
            "x".repeat(5000), "%F0%9F%98%80", "null", "[]", "{}", "+", "%2F..%2F..%2Fetc%2Fpasswd"};
    private static final String[] PATH_IDS = {"%00", "%zz", "%C3%28", "%ED%A0%80", "ev_" + "x".repeat(3000), "..", "%2e%2e",
            "%2F", "ev_1%00", "whsub_%00", "key_%27", "%F0%9F%98%80", "null", "-1", "%20", "a;b", "ev_ok"};
    private static final String[] CONTENT_TYPES = {"application/json", "", ";;;/", "application/json; charset",
            "application/json; charset=utf-16", "application/json; charset=nope", "text/plain", "application/xml",
            "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "*/*", "application/json\u0001",
            "a".repeat(3000)};
    private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "PROPFIND"};

    private final Random random;
    private final Context context;

    HostileCorpus(long seed, Context context) {
        this.random = new Random(seed);
        this.context = context;
    }

    Case next() {
        return switch (random.nextInt(11)) {
            case 0, 1, 2, 3 -> ingest();
            case 4 -> eventQuery();
            case 5 -> pathIds();
            case 6 -> webhookBody();
            case 7 -> accountBody();
            case 8 -> oddHeadersAndMethods();
            case 9 -> redelivery();
            default -> unknownPaths();
        };
    }

    /** Recoveries, resends and test events: odd windows, ids and bodies. */
    private Case redelivery() {
        String hooks = "/api/v1/webhook/" + (random.nextInt(4) == 0 ? pick(PATH_IDS) : context.subscriptionId());
        String time = pick(new String[]{"\"2026-01-01\"", "\"9999-12-31T23:59:59\"", "\"0001-01-01\"", "\"2026-02-30\"", "\"\"",
                "\"" + pick(NASTY_TEXT) + "\"", "null", "1e2000", "[]", "{}", "\"2026-01-01T00:00:00+99:00\""});
        return switch (random.nextInt(4)) {
            case 0 -> new Case("redelivery", request("POST", hooks + "/recover/", context.adminKey(), bodyBytes(maybeMutate(
                    "{\"since\": " + time + ", \"until\": " + pick(new String[]{time, "\"2026-06-01\"", "null"})
                            + ", \"include_delivered\": " + pick(new String[]{"true", "false", "\"yes\"", "1", "null"}) + "}"))));
            case 1 -> new Case("redelivery", request("GET", hooks + "/recoveries/" + pick(PATH_IDS) + "/", context.adminKey(), null));
            case 2 -> new Case("redelivery", request("POST", hooks + "/deliveries/" + pick(PATH_IDS) + "/resend/", context.adminKey(),
                    random.nextBoolean() ? null : bodyBytes(maybeMutate("{}"))));
            default -> new Case("redelivery", request("POST", hooks + "/test/", context.adminKey(), null));
        };
    }

    private Case ingest() {
        int size = 1 + random.nextInt(4);
        StringBuilder body = new StringBuilder(size > 1 || random.nextBoolean() ? "[" : "");
        boolean array = body.length() > 0;
        for (int i = 0; i < size && (array || i == 0); i++) {
            body.append(i > 0 ? "," : "").append(random.nextInt(3) == 0 ? mutate(validEvent()) : validEvent());
        }
        if (array) {
            body.append(']');
        }
        byte[] bytes = bodyBytes(body.toString());
        return new Case("ingest", request("POST", "/api/v1/internal/event/", context.ingestKey(), bytes));
    }

    private String validEvent() {
        String created = LocalDateTime.now().minusMinutes(random.nextInt(60)).toString();
        return "{\"organization_id\": \"" + context.organizationId() + "\", \"object_type\": \"lead\", \"object_id\": \"lead_"
                + random.nextInt(50) + "\", \"action\": \"" + pick(new String[]{"created", "updated", "deleted"})
                + "\", \"user_id\": \"user_1\", \"date_created\": \"" + created + "\", \"data\": {\"name\": \"Acme "
                + random.nextInt(1000) + "\", \"value\": " + random.nextInt(100_000) + ", \"tags\": [\"a\", \"b\"],"
                + " \"custom\": {\"cf_x\": null}}}";
    }

    /** One to three changes to a JSON text, each of a kind real input has shown. */
    private String mutate(String json) {
        int changes = 1 + random.nextInt(3);
        for (int i = 0; i < changes; i++) {
            json = pick(List.<Function<String, String>>of(
                    s -> s.replace("\"Acme ", "\"Acme " + pick(NASTY_TEXT)),
                    s -> s.replace("\"name\"", "\"na" + pick(NASTY_TEXT) + "me\""),
                    s -> s.replaceFirst("\"value\": [0-9]+", "\"value\": " + pick(NASTY_NUMBERS)),
                    s -> s.replace("\"custom\": {", "\"custom\": " + "[".repeat(depth()) + "1" + "]".repeat(lastDepth) + ", \"x\": {"),
                    s -> s.replace("\"user_id\": \"user_1\"", "\"user_id\": \"user_1\", \"user_id\": \"user_2\""),
                    s -> s + pick(new String[]{"\n" + s, " x", "}", "]", "\u0000", " {}", "//"}),
                    s -> s.replace("\"date_created\": \"", "\"date_updated\": \"9999-12-31T00:00:00\", \"date_created\": \""),
                    s -> s.replace(context.organizationId(), pick(new String[]{"orga_nobody", "", "o%00", "orga_\\u0000x"})),
                    s -> s.substring(0, random.nextInt(s.length() + 1)), // an earlier cut may have left nothing
                    s -> s.replace("\"lead\"", pick(new String[]{"null", "1", "[]", "{}", "\"" + "x".repeat(300) + "\""})),
                    s -> s.replace("\"data\"", "\"" + pick(new String[]{"unknown", "before", "internal_metadata", "meta"}) + "\""),
                    s -> "\uFEFF" + s,
                    s -> s.replace("{\"name\"", "{" + "\"k\": {".repeat(70) + "\"v\": 1" + "}".repeat(70) + ", \"name\"")
            )).apply(json);
        }
        return json;
    }

    private int lastDepth;

    private int depth() {
        lastDepth = pick(new Integer[]{30, 63, 64, 65, 99, 100, 101, 999, 1000, 1001, 5000});
        return lastDepth;
    }

    /** Mostly UTF-8; sometimes broken UTF-8 or a random byte flipped. */
    private byte[] bodyBytes(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        switch (random.nextInt(12)) {
            case 0 -> {
                ByteArrayOutputStream broken = new ByteArrayOutputStream();
                int at = random.nextInt(bytes.length + 1);
                broken.write(bytes, 0, at);
                byte[] bad = pick(new byte[][]{{(byte) 0xC3}, {(byte) 0xFF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                        {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}});
                broken.write(bad, 0, bad.length);
                broken.write(bytes, at, bytes.length - at);
                return broken.toByteArray();
            }
            case 1 -> {
                if (bytes.length > 0) {
                    bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                }
                return bytes;
            }
            default -> {
                return bytes;
            }
        }
    }

    private Case eventQuery() {
        StringBuilder target = new StringBuilder("/api/v1/event/");
        int params = random.nextInt(4);
        for (int i = 0; i < params; i++) {
            target.append(i == 0 ? '?' : '&').append(pick(QUERY_PARAMS)).append('=').append(pick(QUERY_VALUES));
        }
        return new Case("query", request("GET", target.toString(), pick(new String[]{context.adminKey(), context.userKey()}), null));
    }

    private Case pathIds() {
        String id = pick(PATH_IDS);
        return switch (random.nextInt(9)) {
            case 5 -> new Case("path", request("GET", "/api/v1/user/" + id + "/", context.adminKey(), null));
            case 6 -> new Case("path", request("GET", "/api/v1/user/" + id + "/api_key/", context.adminKey(), null));
            case 7 -> new Case("path", request("PUT", "/api/v1/user/" + id + "/", context.adminKey(),
                    bodyBytes(maybeMutate("{\"role\": \"" + pick(new String[]{"admin", "user", pick(NASTY_TEXT)}) + "\", \"active\": "
                            + pick(new String[]{"true", "false", "null", "\"" + pick(NASTY_TEXT) + "\""}) + "}"))));
            case 8 -> new Case("path", request("DELETE", "/api/v1/system/ingest_key/" + id + "/", context.systemToken(), null));
            case 0 -> new Case("path", request("GET", "/api/v1/event/" + id + "/", context.adminKey(), null));
            case 1 -> new Case("path", request("GET", "/api/v1/webhook/" + id + "/", context.adminKey(), null));
            case 2 -> new Case("path", request("GET", "/api/v1/webhook/" + id + "/attempts/?_cursor=" + pick(QUERY_VALUES),
                    context.adminKey(), null));
            case 3 -> new Case("path", request("DELETE", "/api/v1/api_key/" + id + "/", context.userKey(), null));
            default -> new Case("path", request("PUT", "/api/v1/webhook/" + id + "/", context.adminKey(),
                    bodyBytes("{\"status\": \"paused\"}")));
        };
    }

    private Case webhookBody() {
        String filter = pick(new String[]{"null", "{\"type\": \"equals\", \"value\": " + pick(NASTY_NUMBERS) + "}",
                "{\"type\": \"and\", \"filters\": [" + "{\"type\": \"not\", \"filter\": ".repeat(40) + "{\"type\": \"is_null\"}"
                        + "}".repeat(40) + "]}", "{\"type\": \"equals\", \"value\": \"" + pick(NASTY_TEXT) + "\"}",
                "{\"type\": \"contains\", \"value\": \"" + "x".repeat(100_000) + "\"}", "{\"type\": \"nope\"}"});
        String body = "{\"url\": \"" + pick(new String[]{"https://example.com/hook", "http://127.0.0.1:1/x", "http://[::ffff:10.0.0.1]/",
                "http://169.254.169.254/latest", "ftp://x/", "https://a\\u0000b.com/", "https://" + "a".repeat(3000) + ".com/"})
                + "\", \"events\": [{\"object_type\": \"lead\", \"action\": \"created\", \"extra_filter\": " + filter + "}]}";
        if (random.nextBoolean()) {
            body = mutate(body);
        }
        boolean update = random.nextBoolean();
        return new Case("webhook", request(update ? "PUT" : "POST",
                update ? "/api/v1/webhook/" + context.subscriptionId() + "/" : "/api/v1/webhook/", context.adminKey(), bodyBytes(body)));
    }

    private Case accountBody() {
        String text = pick(NASTY_TEXT);
        return switch (random.nextInt(4)) {
            case 0 -> new Case("account", request("POST", "/api/v1/user/", context.adminKey(),
                    bodyBytes(maybeMutate("{\"email\": \"u" + random.nextInt() + "@example.test\", \"name\": \"" + text + "\"}"))));
            case 1 -> new Case("account", request("POST", "/api/v1/api_key/", context.userKey(),
                    bodyBytes(maybeMutate("{\"description\": \"" + text + "\"}"))));
            case 2 -> new Case("account", request("POST", "/api/v1/system/ingest_key/", context.systemToken(),
                    bodyBytes(maybeMutate("{\"description\": \"" + text + "\"}"))));
            default -> new Case("account", request("POST", "/api/v1/system/organization/", context.systemToken(),
                    bodyBytes(maybeMutate("{\"name\": \"" + text + "\", \"admin\": {\"email\": \"" + text + "@x.test\"}}"))));
        };
    }

    private String maybeMutate(String json) {
        return random.nextBoolean() ? mutate(json) : json;
    }

    private Case oddHeadersAndMethods() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", pick(CONTENT_TYPES));
        if (random.nextBoolean()) {
            headers.put("Accept", pick(new String[]{"application/xml", "*/*", ";;", "text/html", "application/json;q=x"}));
        }
        String auth = pick(new String[]{basic(context.adminKey()), "Basic !!!", "Basic " + basicRaw("a\u0000b:"), "Bearer x",
                "Basic", "", basic("x".repeat(5000)), basic(context.ingestKey()), basic(context.systemToken())});
        headers.put("Authorization", auth);
        String target = pick(new String[]{"/api/v1/event/", "/api/v1/webhook/", "/api/v1/internal/event/", "/api/v1/me/",
                "/api/v1/system/metrics/", "/api/v1/user/", "/api/v1/api_key/", "/api/v1/system/ingest_key/"});
        byte[] body = random.nextBoolean() ? bodyBytes(random.nextBoolean() ? validEvent() : mutate(validEvent())) : null;
        return new Case(target.equals("/api/v1/internal/event/") ? "ingest" : "headers",
                new RawHttp.Request(pick(METHODS), target, headers, body));
    }

    private Case unknownPaths() {
        String target = pick(new String[]{"/api/", "/api", "/api/v2/event/", "/api/v1/event", "/api/v1//event/",
                "/api/v1/event/ev_x/extra/", "/api/v1/%2e%2e/system/metrics/", "/api/v1/internal/", "/api/v1/system/",
                "/api/v1/webhook/x/attempts/y/", "/api/%00", "/api/v1/event/?", "/api/v1/event/?&&&=&="});
        return new Case("unknown", request(pick(METHODS), target, context.adminKey(), null));
    }

    private RawHttp.Request request(String method, String target, String key, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", basic(key));
        if (body != null) {
            headers.put("Content-Type", random.nextInt(8) == 0 ? pick(CONTENT_TYPES) : "application/json");
        }
        return new RawHttp.Request(method, target, headers, body);
    }

    private static String basic(String key) {
        return "Basic " + basicRaw(key + ":");
    }

    private static String basicRaw(String credentials) {
        return Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    private <T> T pick(T[] choices) {
        return choices[random.nextInt(choices.length)];
    }

    private <T> T pick(List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }
}
