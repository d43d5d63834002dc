package dev.eventlog.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventDiffTest {

    private static JsonValue json(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text.replace('\'', '"')))) {
            return reader.readValue();
        }
    }

    private static JsonObject obj(String text) {
        return json(text).asJsonObject();
    }

    private static List<String> names(JsonArray array) {
        return array.getValuesAs(jakarta.json.JsonString::getString);
    }

    private static void assertDiff(String before, String after, List<String> changed, String previous) {
        EventDiff.Result result = EventDiff.diff(obj(before), obj(after));
        assertEquals(changed, names(result.changedFields()));
        assertEquals(obj(previous), result.previousData());
        // previous_data's keys follow changed_fields, so the emitted JSON reads in that order too.
        assertEquals(changed, List.copyOf(result.previousData().keySet()));
    }

    // diff

    @Test
    void identicalObjectsHaveNoChanges() {
        String lead = "{'id':'lead_1','name':'Acme','tags':['a','b'],'addr':{'city':'Paris'},'n':null,'ok':true}";
        EventDiff.Result result = EventDiff.diff(obj(lead), obj(lead));
        assertTrue(result.isEmpty());
        assertTrue(result.changedFields().isEmpty());
        assertTrue(result.previousData().isEmpty());
    }

    @Test
    void emptyObjectsHaveNoChanges() {
        assertTrue(EventDiff.diff(JsonValue.EMPTY_JSON_OBJECT, JsonValue.EMPTY_JSON_OBJECT).isEmpty());
    }

    @Test
    void scalarChange() {
        assertDiff("{'id':'lead_1','name':'Acme','status':'open'}",
                "{'id':'lead_1','name':'Acme Inc','status':'open'}",
                List.of("name"), "{'name':'Acme'}");
    }

    @Test
    void typeChangeIsAChange() {
        assertDiff("{'a':1,'b':'1','c':true,'d':null,'e':[],'f':{}}",
                "{'a':'1','b':1,'c':'true','d':false,'e':{},'f':[]}",
                List.of("a", "b", "c", "d", "e", "f"),
                "{'a':1,'b':'1','c':true,'d':null,'e':[],'f':{}}");
    }

    @Test
    void booleanAndNullChanges() {
        assertDiff("{'a':true,'b':null,'c':false}", "{'a':false,'b':null,'c':null}",
                List.of("a", "c"), "{'a':true,'c':false}");
    }

    @Test
    void nestedObjectChangeReportsTheTopLevelFieldWithItsWholeOldValue() {
        assertDiff("{'id':1,'addr':{'city':'Paris','geo':{'lat':48.85,'lon':2.35}}}",
                "{'id':1,'addr':{'city':'Paris','geo':{'lat':48.86,'lon':2.35}}}",
                List.of("addr"), "{'addr':{'city':'Paris','geo':{'lat':48.85,'lon':2.35}}}");
    }

    @Test
    void nestedKeyAddedOrRemovedIsAChange() {
        assertDiff("{'addr':{'city':'Paris'}}", "{'addr':{'city':'Paris','zip':'75001'}}",
                List.of("addr"), "{'addr':{'city':'Paris'}}");
        assertDiff("{'addr':{'city':'Paris','zip':null}}", "{'addr':{'city':'Paris'}}",
                List.of("addr"), "{'addr':{'city':'Paris','zip':null}}");
    }

    @Test
    void arrayChanges() {
        assertDiff("{'tags':['a','b']}", "{'tags':['a','b','c']}", List.of("tags"), "{'tags':['a','b']}");
        assertDiff("{'tags':['a','b']}", "{'tags':['b','a']}", List.of("tags"), "{'tags':['a','b']}");
        assertDiff("{'tags':['a','b']}", "{'tags':['a','x']}", List.of("tags"), "{'tags':['a','b']}");
        assertDiff("{'tags':[{'k':1}]}", "{'tags':[{'k':2}]}", List.of("tags"), "{'tags':[{'k':1}]}");
        assertDiff("{'tags':[]}", "{'tags':[null]}", List.of("tags"), "{'tags':[]}");
    }

    @Test
    void addedFieldHasNullPreviousValue() {
        assertDiff("{'id':1}", "{'id':1,'email':'a@b.c'}", List.of("email"), "{'email':null}");
    }

    @Test
    void addedFieldCountsEvenWhenItsValueIsNull() {
        assertDiff("{'id':1}", "{'id':1,'email':null}", List.of("email"), "{'email':null}");
    }

    @Test
    void removedFieldKeepsItsPreviousValue() {
        assertDiff("{'id':1,'email':'a@b.c'}", "{'id':1}", List.of("email"), "{'email':'a@b.c'}");
        assertDiff("{'id':1,'email':null}", "{'id':1}", List.of("email"), "{'email':null}");
    }

    @Test
    void numbersCompareByValue() {
        assertTrue(EventDiff.diff(obj("{'a':1,'b':2.50,'c':100,'d':-0}"),
                obj("{'a':1.0,'b':2.5,'c':1e2,'d':0}")).isEmpty());
        assertDiff("{'a':1}", "{'a':1.0000000001}", List.of("a"), "{'a':1}");
    }

    @Test
    void numbersCompareByValueWhenNested() {
        assertTrue(EventDiff.diff(obj("{'o':{'x':[1,{'y':2}]}}"), obj("{'o':{'x':[1.0,{'y':2.00}]}}")).isEmpty());
        assertDiff("{'o':{'x':[1,{'y':2}]}}", "{'o':{'x':[1,{'y':3}]}}", List.of("o"), "{'o':{'x':[1,{'y':2}]}}");
    }

    @Test
    void keyOrderInsideObjectsIsIrrelevant() {
        assertTrue(EventDiff.diff(obj("{'a':1,'b':{'x':1,'y':[{'p':1,'q':2}]}}"),
                obj("{'b':{'y':[{'q':2,'p':1}],'x':1},'a':1}")).isEmpty());
    }

    @Test
    void changedFieldsFollowAfterThenBeforeOnlyFields() {
        assertDiff("{'gone1':1,'a':1,'b':1,'c':1,'gone2':2,'z':1}",
                "{'z':2,'new1':0,'c':2,'a':1,'b':2}",
                List.of("z", "new1", "c", "b", "gone1", "gone2"),
                "{'z':1,'new1':null,'c':1,'b':1,'gone1':1,'gone2':2}");
    }

    @Test
    void diffDoesNotModifyItsInputs() {
        JsonObject before = obj("{'a':1,'b':2}");
        JsonObject after = obj("{'a':2,'c':3}");
        EventDiff.diff(before, after);
        assertEquals(obj("{'a':1,'b':2}"), before);
        assertEquals(obj("{'a':2,'c':3}"), after);
    }

    @Test
    void diffRejectsNull() {
        assertThrows(NullPointerException.class, () -> EventDiff.diff(null, JsonValue.EMPTY_JSON_OBJECT));
        assertThrows(NullPointerException.class, () -> EventDiff.diff(JsonValue.EMPTY_JSON_OBJECT, null));
    }

    // jsonEquals

    @Test
    void jsonEqualsOnScalars() {
        assertTrue(EventDiff.jsonEquals(JsonValue.NULL, JsonValue.NULL));
        assertTrue(EventDiff.jsonEquals(JsonValue.TRUE, json("true")));
        assertTrue(EventDiff.jsonEquals(json("'x'"), Json.createValue("x")));
        assertFalse(EventDiff.jsonEquals(JsonValue.TRUE, JsonValue.FALSE));
        assertFalse(EventDiff.jsonEquals(JsonValue.NULL, JsonValue.FALSE));
        assertFalse(EventDiff.jsonEquals(json("'1'"), json("1")));
        assertFalse(EventDiff.jsonEquals(json("'a'"), json("'A'")));
        assertFalse(EventDiff.jsonEquals(json("''"), JsonValue.NULL));
    }

    @Test
    void jsonEqualsOnNumbers() {
        assertTrue(EventDiff.jsonEquals(json("1"), json("1.0")));
        assertTrue(EventDiff.jsonEquals(json("1"), json("1e0")));
        assertTrue(EventDiff.jsonEquals(json("1500"), json("1.5E3")));
        assertTrue(EventDiff.jsonEquals(json("0"), json("-0.0")));
        assertTrue(EventDiff.jsonEquals(Json.createValue(1), Json.createValue(1L)));
        assertTrue(EventDiff.jsonEquals(Json.createValue(1), Json.createValue(new BigDecimal("1.000"))));
        assertTrue(EventDiff.jsonEquals(json("12345678901234567890"), json("12345678901234567890.0")));
        assertFalse(EventDiff.jsonEquals(json("12345678901234567890"), json("12345678901234567891")));
        assertFalse(EventDiff.jsonEquals(json("0.1"), json("0.10000000000000001")));
        assertFalse(EventDiff.jsonEquals(json("1"), json("-1")));
    }

    @Test
    void jsonEqualsOnHugeExponentsDoesNotBlowUp() {
        assertFalse(EventDiff.jsonEquals(json("1e400"), json("1")));
        assertTrue(EventDiff.jsonEquals(json("1e400"), json("10e399")));
    }

    @Test
    void jsonEqualsOnContainers() {
        assertTrue(EventDiff.jsonEquals(json("{}"), JsonValue.EMPTY_JSON_OBJECT));
        assertTrue(EventDiff.jsonEquals(json("[]"), JsonValue.EMPTY_JSON_ARRAY));
        assertTrue(EventDiff.jsonEquals(json("{'a':[1,2,{'b':null}],'c':'d'}"), json("{'c':'d','a':[1.0,2,{'b':null}]}")));
        assertFalse(EventDiff.jsonEquals(json("{}"), json("[]")));
        assertFalse(EventDiff.jsonEquals(json("{'a':1}"), json("{'a':1,'b':1}")));
        assertFalse(EventDiff.jsonEquals(json("{'a':1,'b':1}"), json("{'a':1}")));
        assertFalse(EventDiff.jsonEquals(json("{'a':null}"), json("{'b':null}")));
        assertFalse(EventDiff.jsonEquals(json("{'a':null}"), json("{}")));
        assertFalse(EventDiff.jsonEquals(json("[1,2]"), json("[2,1]")));
        assertFalse(EventDiff.jsonEquals(json("[1,2]"), json("[1,2,3]")));
        assertFalse(EventDiff.jsonEquals(json("[[1]]"), json("[[1,1]]")));
    }

    @Test
    void jsonEqualsTreatsJavaNullAsAbsentNotJsonNull() {
        assertTrue(EventDiff.jsonEquals(null, null));
        assertFalse(EventDiff.jsonEquals(null, JsonValue.NULL));
        assertFalse(EventDiff.jsonEquals(JsonValue.NULL, null));
        assertFalse(EventDiff.jsonEquals(json("1"), null));
    }

    @Test
    void jsonEqualsIsSymmetric() {
        List<String> samples = List.of("1", "1.0", "'1'", "null", "true", "[]", "{}", "[1]", "[1.0]",
                "{'a':1}", "{'a':1.0}", "{'a':[1,{'b':2}]}", "{'a':[1.00,{'b':2}]}");
        for (String x : samples) {
            for (String y : samples) {
                assertEquals(EventDiff.jsonEquals(json(x), json(y)), EventDiff.jsonEquals(json(y), json(x)), x + " vs " + y);
            }
            assertTrue(EventDiff.jsonEquals(json(x), json(x)), x);
        }
    }
}
