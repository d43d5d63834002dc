package dev.eventlog.consolidation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventlog.event.Event;
import dev.eventlog.event.EventDiff;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EventMergeTest {

    private static final Duration W = Duration.ofSeconds(5);
    private static final LocalDateTime T0 = LocalDateTime.of(2024, 5, 1, 12, 0, 0);

    private static JsonValue json(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text.replace('\'', '"')))) {
            return reader.readValue();
        }
    }

    private static JsonObject obj(String text) {
        return json(text).asJsonObject();
    }

    private static List<String> names(JsonValue array) {
        return array.asJsonArray().getValuesAs(JsonString::getString);
    }

    private static int seq;

    /** An updated event with explicit emit-form fields, as a producer that knows them sends it. */
    private static Event updated(String changed, String previous, String data, LocalDateTime at) {
        Event e = base(at);
        e.setChangedFields(json(changed));
        e.setPreviousData(json(previous));
        e.setData(json(data));
        return e;
    }

    /** An updated event derived from before/after snapshots, as ingest does for other producers. */
    private static Event updated(JsonObject before, JsonObject after, LocalDateTime at) {
        EventDiff.Result diff = EventDiff.diff(before, after);
        Event e = base(at);
        e.setChangedFields(diff.changedFields());
        e.setPreviousData(diff.previousData());
        e.setData(after);
        return e;
    }

    private static Event base(LocalDateTime at) {
        int n = ++seq;
        Event e = new Event();
        e.setId("ev_" + n);
        e.setOrganizationId("orga_1");
        e.setUserId("user_1");
        e.setRequestId("req_" + n);
        e.setApiKeyId("key_" + n);
        e.setLeadId("lead_1");
        e.setObjectType("lead");
        e.setObjectId("lead_1");
        e.setAction("updated");
        e.setMeta(obj("{'request_method':'PUT','n':" + n + "}"));
        e.setInternalMetadata(obj("{'source':'api'}"));
        e.setDateCreated(at);
        e.setDateUpdated(at);
        return e;
    }

    private static void assertMerged(Event merged, List<String> changed, String previous, String data) {
        assertEquals(changed, names(merged.getChangedFields()));
        assertTrue(EventDiff.jsonEquals(obj(previous), merged.getPreviousData()),
                () -> "previous_data " + merged.getPreviousData());
        // previous_data's keys follow changed_fields, as EventDiff emits them.
        assertEquals(changed, List.copyOf(merged.getPreviousData().asJsonObject().keySet()));
        assertTrue(EventDiff.jsonEquals(obj(data), merged.getData()), () -> "data " + merged.getData());
    }

    // mergeInto: examples

    @Test
    void twoChangesToDifferentFieldsAreUnited() {
        Event a = updated("['name']", "{'name':'Acme'}", "{'name':'Acme Inc','status':'open'}", T0);
        Event b = updated("['status']", "{'status':'open'}", "{'name':'Acme Inc','status':'won'}", T0.plusSeconds(2));
        b.setDateUpdated(T0.plusSeconds(3));
        b.setInternalMetadata(obj("{'source':'api'}"));
        String aId = a.getId();
        String bRequest = b.getRequestId();
        String bKey = b.getApiKeyId();
        JsonValue bMeta = b.getMeta();
        JsonValue aInternal = a.getInternalMetadata();

        EventMerge.mergeInto(a, b);

        assertMerged(a, List.of("name", "status"), "{'name':'Acme','status':'open'}",
                "{'name':'Acme Inc','status':'won'}");
        assertEquals(aId, a.getId());
        assertEquals(T0, a.getDateCreated());
        assertEquals(T0.plusSeconds(3), a.getDateUpdated());
        // The latest request that touched the object...
        assertEquals(bRequest, a.getRequestId());
        assertEquals(bKey, a.getApiKeyId());
        assertSame(bMeta, a.getMeta());
        // ...but author, origin and identity stay the open event's.
        assertEquals("orga_1", a.getOrganizationId());
        assertEquals("user_1", a.getUserId());
        assertEquals("lead_1", a.getLeadId());
        assertSame(aInternal, a.getInternalMetadata());
        assertEquals("updated", a.getAction());
    }

    @Test
    void sameFieldChangedTwiceKeepsTheFirstOriginal() {
        Event a = updated("['status']", "{'status':'open'}", "{'status':'qualified'}", T0);
        Event b = updated("['status']", "{'status':'qualified'}", "{'status':'won'}", T0.plusSeconds(1));
        EventMerge.mergeInto(a, b);
        assertMerged(a, List.of("status"), "{'status':'open'}", "{'status':'won'}");
    }

    @Test
    void fieldChangedAndChangedBackDropsOut() {
        Event a = updated("['status','name']", "{'status':'open','name':'A'}", "{'status':'won','name':'B'}", T0);
        Event b = updated("['status']", "{'status':'won'}", "{'status':'open','name':'B'}", T0.plusSeconds(1));
        EventMerge.mergeInto(a, b);
        assertMerged(a, List.of("name"), "{'name':'A'}", "{'status':'open','name':'B'}");
    }

    @Test
    void changedBackComparesNumbersByValue() {
        Event a = updated("['amount']", "{'amount':1}", "{'amount':2}", T0);
        Event b = updated("['amount']", "{'amount':2}", "{'amount':1.0}", T0.plusSeconds(1));
        EventMerge.mergeInto(a, b);
        assertMerged(a, List.of(), "{}", "{'amount':1.0}");
    }

    @Test
    void changedBackComparesNestedValuesStructurally() {
        Event a = updated("['addr']", "{'addr':{'city':'Paris','zip':75001}}", "{'addr':{'city':'Lyon'}}", T0);
        Event b = updated("['addr']", "{'addr':{'city':'Lyon'}}", "{'addr':{'zip':75001.0,'city':'Paris'}}",
                T0.plusSeconds(1));
        EventMerge.mergeInto(a, b);
        assertMerged(a, List.of(), "{}", "{'addr':{'zip':75001.0,'city':'Paris'}}");
    }

    @Test
    void everyFieldBackLeavesAnEventWithoutChanges() {
        // The merge does not decide what to do with a burst that changed nothing; it reports it
        // faithfully as an empty changed_fields and leaves the policy to the caller.
        Event a = updated("['a','b']", "{'a':1,'b':2}", "{'a':10,'b':20}", T0);
        Event b = updated("['a','b']", "{'a':10,'b':20}", "{'a':1,'b':2}", T0.plusSeconds(1));
        EventMerge.mergeInto(a, b);
        assertMerged(a, List.of(), "{}", "{'a':1,'b':2}");
    }

    @Test
    void fieldAbsentBeforeKeepsNullAsItsOriginal() {
        Event a = updated("['name']", "{'name':'A'}", "{'name':'B'}", T0);
        Event b = updated("['phone']", "{'phone':null}", "{'name':'B','phone':'+33 1'}", T0.plusSeconds(1));
        Event c = updated("['phone']", "{'phone':'+33 1'}", "{'name':'B','phone':'+33 2'}", T0.plusSeconds(2));
        EventMerge.mergeInto(a, b);
        EventMerge.mergeInto(a, c);
        assertMerged(a, List.of("name", "phone"), "{'name':'A','phone':null}", "{'name':'B','phone':'+33 2'}");
    }

    @Test
    void fieldAddedAndRemovedAgainDropsOut() {
        Event a = updated("['phone']", "{'phone':null}", "{'name':'A','phone':'+33 1'}", T0);
        Event b = updated("['phone']", "{'phone':'+33 1'}", "{'name':'A'}", T0.plusSeconds(1));
        EventMerge.mergeInto(a, b);
        assertMerged(a, List.of(), "{}", "{'name':'A'}");
    }

    @Test
    void fieldMissingFromPreviousDataCountsAsNull() {
        Event a = updated("['name']", "{}", "{'name':'B'}", T0);
        Event b = updated("['status']", "{}", "{'name':'B','status':'won'}", T0.plusSeconds(1));
        EventMerge.mergeInto(a, b);
        assertMerged(a, List.of("name", "status"), "{'name':null,'status':null}", "{'name':'B','status':'won'}");
    }

    @Test
    void fieldDroppedAndChangedAgainIsAppendedWithItsOriginal() {
        Event a = updated("['a','b']", "{'a':1,'b':1}", "{'a':2,'b':2}", T0);
        Event b = updated("['a']", "{'a':2}", "{'a':1,'b':2}", T0.plusSeconds(1));
        Event c = updated("['a']", "{'a':1}", "{'a':3,'b':2}", T0.plusSeconds(2));
        EventMerge.mergeInto(a, b);
        assertMerged(a, List.of("b"), "{'b':1}", "{'a':1,'b':2}");
        EventMerge.mergeInto(a, c);
        // 'a' left the event and comes back with its original, 1, in the place of its first change.
        assertMerged(a, List.of("a", "b"), "{'a':1,'b':1}", "{'a':3,'b':2}");
    }

    @Test
    void newerWithoutDataDropsNothing() {
        Event a = updated("['name']", "{'name':null}", "{'name':'A'}", T0);
        Event b = updated("['status']", "{'status':'open'}", "null", T0.plusSeconds(1));
        EventMerge.mergeInto(a, b);
        assertEquals(List.of("name", "status"), names(a.getChangedFields()));
        assertEquals(JsonValue.NULL, a.getData());
    }

    @Test
    void newerIsNotModified() {
        Event a = updated("['status']", "{'status':'open'}", "{'status':'won'}", T0);
        Event b = updated("['status','x']", "{'status':'won','x':1}", "{'status':'open'}", T0.plusSeconds(1));
        JsonValue changed = b.getChangedFields();
        JsonValue previous = b.getPreviousData();
        JsonValue data = b.getData();
        JsonValue meta = b.getMeta();
        String id = b.getId();
        EventMerge.mergeInto(a, b);
        assertSame(changed, b.getChangedFields());
        assertSame(previous, b.getPreviousData());
        assertSame(data, b.getData());
        assertSame(meta, b.getMeta());
        assertEquals(id, b.getId());
        assertEquals(T0.plusSeconds(1), b.getDateCreated());
        assertEquals(List.of("status", "x"), names(b.getChangedFields()));
        assertTrue(EventDiff.jsonEquals(obj("{'status':'won','x':1}"), b.getPreviousData()));
    }

    @Test
    void mergeIntoRejectsOtherObjectsAndActions() {
        Event a = updated("['a']", "{'a':1}", "{'a':2}", T0);
        Event other = updated("['a']", "{'a':2}", "{'a':3}", T0.plusSeconds(1));
        other.setObjectId("lead_2");
        assertThrows(IllegalArgumentException.class, () -> EventMerge.mergeInto(a, other));
        Event deleted = updated("[]", "{}", "{'a':3}", T0.plusSeconds(1));
        deleted.setAction("deleted");
        assertThrows(IllegalArgumentException.class, () -> EventMerge.mergeInto(a, deleted));
        assertThrows(IllegalArgumentException.class, () -> EventMerge.mergeInto(a, a));
        // Nothing was half-applied.
        assertMerged(a, List.of("a"), "{'a':1}", "{'a':2}");
    }

    // canMerge

    private static Event at(LocalDateTime when) {
        return updated("['a']", "{'a':1}", "{'a':2}", when);
    }

    @Test
    void updatesOfTheSameObjectWithinTheWindowMerge() {
        assertTrue(EventMerge.canMerge(at(T0), at(T0.plusSeconds(1)), W));
        assertTrue(EventMerge.canMerge(at(T0), at(T0), W));
        assertTrue(EventMerge.canMerge(at(T0), at(T0.plus(W).minusNanos(1000)), W));
    }

    @Test
    void windowIsOpenOnBothSides() {
        assertFalse(EventMerge.canMerge(at(T0), at(T0.plus(W)), W));
        assertFalse(EventMerge.canMerge(at(T0), at(T0.plusSeconds(60)), W));
        assertTrue(EventMerge.canMerge(at(T0), at(T0.minusNanos(1000)), W), "stored late, happened just before");
        assertTrue(EventMerge.canMerge(at(T0), at(T0.minus(W).plusNanos(1000)), W));
        assertFalse(EventMerge.canMerge(at(T0), at(T0.minus(W)), W));
        assertFalse(EventMerge.canMerge(at(T0), at(T0), Duration.ZERO));
    }

    @Test
    void aLateEarlierUpdateKeepsTheNewerSnapshotAndGivesTheOlderOriginal() {
        Event open = updated("['status']", "{'status':'qualified'}", "{'status':'won','name':'B'}", T0.plusSeconds(2));
        Event late = updated("['status','name']", "{'status':'open','name':'A'}", "{'status':'qualified','name':'B'}",
                T0.plusSeconds(1));
        String openRequest = open.getRequestId();
        EventMerge.mergeInto(open, late);
        assertMerged(open, List.of("status", "name"), "{'status':'open','name':'A'}", "{'status':'won','name':'B'}");
        assertEquals(T0.plusSeconds(2), open.getDateCreated(), "the entry readers saw keeps its date_created");
        assertEquals(T0.plusSeconds(2), open.getDateUpdated());
        assertEquals(openRequest, open.getRequestId(), "the newest request still describes the newest state");
    }

    @Test
    void aFieldThatLeftStillFindsItsOriginalWhenAnUpdateBetweenArrivesLate() {
        // a: 1 -> 2 (t1), 2 -> 3 (t2, arrives last), 3 -> 1 (t3): a ends at its original.
        Event first = updated("['a']", "{'a':1}", "{'a':2}", T0);
        Event back = updated("['a']", "{'a':3}", "{'a':1}", T0.plusSeconds(3));
        Event between = updated("['a']", "{'a':2}", "{'a':3}", T0.plusSeconds(2));
        EventMerge.mergeInto(first, back);
        assertMerged(first, List.of(), "{}", "{'a':1}");
        EventMerge.mergeInto(first, between);
        assertMerged(first, List.of(), "{}", "{'a':1}");
    }

    @Test
    void deletesAndOtherActionsAreNotMerged() {
        for (String action : List.of("deleted", "created", "merged")) {
            Event open = at(T0);
            Event newer = at(T0.plusSeconds(1));
            newer.setAction(action);
            assertFalse(EventMerge.canMerge(open, newer, W), action);
            Event openOther = at(T0);
            openOther.setAction(action);
            assertFalse(EventMerge.canMerge(openOther, at(T0.plusSeconds(1)), W), "open " + action);
        }
    }

    @Test
    void differentUsersAreNotMerged() {
        Event newer = at(T0.plusSeconds(1));
        newer.setUserId("user_2");
        assertFalse(EventMerge.canMerge(at(T0), newer, W));
        Event anonymous = at(T0.plusSeconds(1));
        anonymous.setUserId(null);
        assertFalse(EventMerge.canMerge(at(T0), anonymous, W));
        assertFalse(EventMerge.canMerge(anonymous, at(T0.plusSeconds(2)), W));
        Event openAnonymous = at(T0);
        openAnonymous.setUserId(null);
        assertTrue(EventMerge.canMerge(openAnonymous, anonymous, W), "null user == null user");
    }

    @Test
    void differentInternalMetadataIsNotMerged() {
        Event newer = at(T0.plusSeconds(1));
        newer.setInternalMetadata(obj("{'source':'import'}"));
        assertFalse(EventMerge.canMerge(at(T0), newer, W));
        Event none = at(T0.plusSeconds(1));
        none.setInternalMetadata(null);
        assertFalse(EventMerge.canMerge(at(T0), none, W));
        Event openNone = at(T0);
        openNone.setInternalMetadata(null);
        assertTrue(EventMerge.canMerge(openNone, none, W), "both null");
        Event parsedNone = at(T0.plusSeconds(1));
        parsedNone.setInternalMetadata(JsonValue.NULL);
        assertTrue(EventMerge.canMerge(openNone, parsedNone, W), "SQL NULL (stored) and JSON null (parsed)");
        Event a = at(T0);
        a.setInternalMetadata(obj("{'batch':1,'source':'api'}"));
        Event b = at(T0.plusSeconds(1));
        b.setInternalMetadata(obj("{'source':'api','batch':1.0}"));
        assertTrue(EventMerge.canMerge(a, b, W), "compared structurally");
    }

    @Test
    void differentObjectsAreNotMerged() {
        Event otherId = at(T0.plusSeconds(1));
        otherId.setObjectId("lead_2");
        Event otherType = at(T0.plusSeconds(1));
        otherType.setObjectType("contact");
        Event otherOrg = at(T0.plusSeconds(1));
        otherOrg.setOrganizationId("orga_2");
        assertFalse(EventMerge.canMerge(at(T0), otherId, W));
        assertFalse(EventMerge.canMerge(at(T0), otherType, W));
        assertFalse(EventMerge.canMerge(at(T0), otherOrg, W));
    }

    @Test
    void duplicateDeliveryIsNotAMerge() {
        Event open = at(T0);
        Event again = at(T0);
        again.setId(open.getId());
        assertFalse(EventMerge.canMerge(open, again, W));
    }

    // Property: folding a burst equals diffing its ends.

    private static final String[] FIELDS = {"name", "status", "amount", "addr", "tags", "x"};

    private static JsonValue randomValue(Random r, boolean withNull) {
        switch (r.nextInt(withNull ? 7 : 6)) {
            case 0:
                return Json.createValue(r.nextInt(3));
            case 1:
                // Same numbers written differently must count as equal, so emit 1.0 for 1, etc.
                return Json.createValue(new java.math.BigDecimal(r.nextInt(3) + ".0"));
            case 2:
                return Json.createValue(r.nextBoolean() ? "x" : "y");
            case 3:
                return Json.createObjectBuilder().add("k", r.nextInt(2)).add("s", r.nextBoolean() ? "a" : "b").build();
            case 4:
                return Json.createArrayBuilder().add(r.nextInt(2)).add(r.nextInt(2)).build();
            case 5:
                return r.nextBoolean() ? JsonValue.TRUE : JsonValue.FALSE;
            default:
                return JsonValue.NULL;
        }
    }

    private static JsonObject randomSnapshot(Random r, boolean withNull) {
        JsonObjectBuilder b = Json.createObjectBuilder().add("id", "lead_1");
        for (String f : FIELDS) {
            if (r.nextInt(3) > 0) {
                b.add(f, randomValue(r, withNull));
            }
        }
        return b.build();
    }

    /** Next state: each field may be left alone, changed, removed or added. */
    private static JsonObject mutate(Random r, JsonObject prev, boolean withNull) {
        Map<String, JsonValue> next = new LinkedHashMap<>(prev);
        int edits = r.nextInt(4); // 0 edits: a no-op update, which producers do send
        for (int i = 0; i < edits; i++) {
            String f = FIELDS[r.nextInt(FIELDS.length)];
            if (next.containsKey(f) && r.nextInt(4) == 0) {
                next.remove(f);
            } else {
                next.put(f, randomValue(r, withNull));
            }
        }
        JsonObjectBuilder b = Json.createObjectBuilder();
        next.forEach(b::add);
        return b.build();
    }

    private static boolean sameField(JsonObject a, JsonObject b, String f) {
        return a.containsKey(f) == b.containsKey(f) && EventDiff.jsonEquals(a.get(f), b.get(f));
    }

    /** Top-level JSON null removed: the view in which null and absent are the same. */
    private static JsonObject withoutNulls(JsonObject o) {
        JsonObjectBuilder b = Json.createObjectBuilder();
        o.forEach((k, v) -> {
            if (v.getValueType() != JsonValue.ValueType.NULL) {
                b.add(k, v);
            }
        });
        return b.build();
    }

    /** previous_data applied over data: a JSON-null previous value means the field was absent. */
    private static JsonObject rewind(Event merged) {
        Map<String, JsonValue> state = new LinkedHashMap<>(merged.getData().asJsonObject());
        JsonObject previous = merged.getPreviousData().asJsonObject();
        for (String f : names(merged.getChangedFields())) {
            JsonValue v = previous.get(f);
            if (v.getValueType() == JsonValue.ValueType.NULL) {
                state.remove(f);
            } else {
                state.put(f, v);
            }
        }
        JsonObjectBuilder b = Json.createObjectBuilder();
        state.forEach(b::add);
        return b.build();
    }

    private static List<JsonObject> randomBurst(Random r, int minLength, boolean withNull) {
        int length = minLength + r.nextInt(21 - minLength); // minLength..20 snapshots
        List<JsonObject> snapshots = new ArrayList<>();
        snapshots.add(randomSnapshot(r, withNull));
        while (snapshots.size() < length) {
            snapshots.add(mutate(r, snapshots.get(snapshots.size() - 1), withNull));
        }
        return snapshots;
    }

    private static Event fold(List<JsonObject> snapshots) {
        Event open = null;
        for (int i = 1; i < snapshots.size(); i++) {
            Event e = updated(snapshots.get(i - 1), snapshots.get(i), T0.plusNanos(i * 1000L));
            if (open == null) {
                open = e;
            } else {
                assertTrue(EventMerge.canMerge(open, e, W));
                EventMerge.mergeInto(open, e);
            }
        }
        return open;
    }

    @Test
    void foldingABurstEqualsDiffingItsEnds() {
        Random r = new Random(20240501L);
        for (int run = 0; run < 500; run++) {
            List<JsonObject> snapshots = randomBurst(r, 2, false);
            JsonObject first = snapshots.get(0);
            JsonObject last = snapshots.get(snapshots.size() - 1);
            String ctx = "run " + run + ": " + snapshots;

            Event open = null;
            String firstId = null;
            // Independent model of changed_fields' order: the order of each field's first change,
            // restricted to the fields that differ from their original at the end.
            List<String> order = new ArrayList<>();
            for (int i = 1; i < snapshots.size(); i++) {
                JsonObject now = snapshots.get(i);
                Event e = updated(snapshots.get(i - 1), now, T0.plusNanos(i * 1000L));
                for (String f : names(e.getChangedFields())) {
                    if (!order.contains(f)) {
                        order.add(f);
                    }
                }
                if (open == null) {
                    open = e;
                    firstId = e.getId();
                } else {
                    assertTrue(EventMerge.canMerge(open, e, W), ctx);
                    EventMerge.mergeInto(open, e);
                    assertEquals(e.getRequestId(), open.getRequestId(), ctx);
                    assertEquals(T0.plusNanos(i * 1000L), open.getDateUpdated(), ctx);
                }
            }

            assertEquals(firstId, open.getId(), ctx);
            assertEquals(T0.plusNanos(1000L), open.getDateCreated(), ctx);
            assertTrue(EventDiff.jsonEquals(last, open.getData()), ctx);

            List<String> changed = names(open.getChangedFields());
            assertEquals(changed.size(), new HashSet<>(changed).size(), "no duplicates; " + ctx);
            assertEquals(changed, List.copyOf(open.getPreviousData().asJsonObject().keySet()), ctx);
            order.removeIf(f -> sameField(first, last, f));
            assertEquals(order, changed, "first-seen order; " + ctx);

            Set<String> differing = new HashSet<>();
            Set<String> all = new HashSet<>(first.keySet());
            all.addAll(last.keySet());
            for (String f : all) {
                if (!sameField(first, last, f)) {
                    differing.add(f);
                }
            }
            assertEquals(differing, new HashSet<>(changed), ctx);
            assertTrue(EventDiff.jsonEquals(first, rewind(open)), ctx + " rewound to " + rewind(open));
        }
    }

    @Test
    void withExplicitNullsTheFoldHoldsUpToNullMeaningAbsent() {
        // previous_data writes "absent" as null, so once two events are merged a field that went
        // from null to absent (or back) is indistinguishable from no change. With at least one
        // merge the invariants hold in the view where a null field is an absent one.
        Random r = new Random(7L);
        for (int run = 0; run < 500; run++) {
            List<JsonObject> snapshots = randomBurst(r, 3, true);
            JsonObject first = withoutNulls(snapshots.get(0));
            JsonObject last = snapshots.get(snapshots.size() - 1);
            String ctx = "run " + run + ": " + snapshots;

            Event open = fold(snapshots);

            assertTrue(EventDiff.jsonEquals(last, open.getData()), ctx);
            Set<String> differing = new HashSet<>();
            Set<String> all = new HashSet<>(first.keySet());
            all.addAll(last.keySet());
            JsonObject lastView = withoutNulls(last);
            for (String f : all) {
                if (!sameField(first, lastView, f)) {
                    differing.add(f);
                }
            }
            assertEquals(differing, new HashSet<>(names(open.getChangedFields())), ctx);
            assertTrue(EventDiff.jsonEquals(first, withoutNulls(rewind(open))), ctx);
        }
    }

    @Test
    void foldDoesNotDependOnWhereTheBurstIsSplit() {
        // Merging is associative in effect: folding a burst in one go gives the same event as
        // diffing its ends directly, whatever the intermediate states were.
        Random r = new Random(99L);
        for (int run = 0; run < 200; run++) {
            List<JsonObject> snapshots = randomBurst(r, 2, false);
            Event folded = fold(snapshots);
            EventDiff.Result direct = EventDiff.diff(snapshots.get(0), snapshots.get(snapshots.size() - 1));
            assertEquals(new HashSet<>(names(direct.changedFields())), new HashSet<>(names(folded.getChangedFields())));
            JsonObject previous = folded.getPreviousData().asJsonObject();
            for (String f : names(direct.changedFields())) {
                assertTrue(EventDiff.jsonEquals(direct.previousData().get(f), previous.get(f)), "run " + run + " " + f);
            }
        }
    }

    @Test
    void arrivalOrderDoesNotMatter() {
        // Parallel consumers store a burst's updates in any order; the merged event must be the
        // one that folding them in order gives (data, changes, originals and their order).
        Random r = new Random(4242L);
        for (int run = 0; run < 500; run++) {
            List<JsonObject> snapshots = randomBurst(r, 3, false);
            Event inOrder = fold(snapshots);
            List<Event> updates = new ArrayList<>();
            for (int i = 1; i < snapshots.size(); i++) {
                updates.add(updated(snapshots.get(i - 1), snapshots.get(i), T0.plusNanos(i * 1000L)));
            }
            java.util.Collections.shuffle(updates, r);
            Event open = updates.get(0);
            for (Event e : updates.subList(1, updates.size())) {
                assertTrue(EventMerge.canMerge(open, e, W));
                EventMerge.mergeInto(open, e);
            }
            String ctx = "run " + run + ": " + snapshots;
            assertTrue(EventDiff.jsonEquals(snapshots.get(snapshots.size() - 1), open.getData()), ctx);
            assertEquals(T0.plusNanos((snapshots.size() - 1) * 1000L), open.getDateUpdated(), ctx);
            assertEquals(names(inOrder.getChangedFields()), names(open.getChangedFields()), ctx);
            assertTrue(EventDiff.jsonEquals(inOrder.getPreviousData(), open.getPreviousData()), ctx);
            assertTrue(EventDiff.jsonEquals(snapshots.get(0), rewind(open)), ctx);
        }
    }
}
