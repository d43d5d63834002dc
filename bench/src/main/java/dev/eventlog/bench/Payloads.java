package dev.eventlog.bench;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/**
 * Events shaped like Close's own (src/test/resources/samples): an opportunity with its whole snapshot, about
 * 1.5 KB of JSON each. Written as text templates: the generator must not be the bottleneck.
 */
final class Payloads {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS");

    private Payloads() {
    }

    /** Producer-chosen ids make each event traceable from emit to webhook. */
    static String newId() {
        return "ev_" + UUID.randomUUID().toString().replace("-", "").substring(0, 22);
    }

    static String now() {
        return TIME.format(LocalDateTime.now(ZoneOffset.UTC));
    }

    static final String USER = "user_N6KhMpzHRCYQHdn4gRNIFNN5JExnsrprKA6ekxM63XA";
    static final String LEAD = "lead_1Tv9YpWrKbJpRuFSZ2lSpn6A3p0NshXPZeHpKVRqJtW";
    static final String CHANGED = "[\"confidence\",\"status_id\",\"status_label\",\"status_type\"]";
    static final String PREVIOUS = "{\"status_type\":\"active\",\"confidence\":70,"
            + "\"status_id\":\"stat_3FD9DnGUCJzccBKTh8LiiKoyVPpMJsOkJdcGoA5AYKH\",\"status_label\":\"Active\"}";

    static String meta(String objectId) {
        return "{\"request_method\":\"PUT\",\"request_path\":\"/api/v1/opportunity/" + objectId + "/\"}";
    }

    /** The opportunity's snapshot: most of the event's size. */
    static String data(String org, String objectId) {
        return "{\"contact_name\":\"Mr. Jones\",\"user_name\":\"Joe Kemp\",\"value_period\":\"one_time\","
                + "\"updated_by_name\":\"Joe Kemp\",\"date_created\":\"2019-01-15T12:41:24.496000+00:00\","
                + "\"user_id\":\"" + USER + "\",\"updated_by\":\"" + USER + "\",\"value_currency\":\"USD\","
                + "\"organization_id\":\"" + org + "\",\"status_label\":\"Won\","
                + "\"contact_id\":\"cont_BwlwYQkIP6AooiXP1CMvc6Zbb5gGh2gPu4dqIDlDrII\",\"status_type\":\"won\","
                + "\"created_by_name\":\"Joe Kemp\",\"id\":\"" + objectId + "\",\"lead_name\":\"KLine\",\"date_lost\":null,"
                + "\"note\":\"Closed after the second demo; annual plan with onboarding package.\","
                + "\"date_updated\":\"2019-01-15T12:48:23.392000+00:00\",\"value\":100000,\"created_by\":\"" + USER + "\","
                + "\"value_formatted\":\"$1,000\",\"date_won\":\"2019-01-15\",\"lead_id\":\"" + LEAD + "\","
                + "\"confidence\":100,\"status_id\":\"stat_wMS9eeyNaVBtExHiUpNYZ6zGLEBnOpXGKzsRQKKA6ze\",\"integration_links\":[]}";
    }

    static String event(String id, String org, String objectType, String objectId, String action) {
        return "{\"id\":\"" + id + "\",\"organization_id\":\"" + org + "\",\"object_type\":\"" + objectType
                + "\",\"object_id\":\"" + objectId + "\",\"action\":\"" + action + "\",\"user_id\":\"" + USER + "\","
                + "\"request_id\":\"req_" + id.substring(3) + "\",\"lead_id\":\"" + LEAD + "\",\"meta\":" + meta(objectId) + ","
                + "\"changed_fields\":" + CHANGED + ",\"previous_data\":" + PREVIOUS + ",\"data\":" + data(org, objectId) + "}";
    }

    static String batch(java.util.List<String> events) {
        return "[" + String.join(",", events) + "]";
    }
}
