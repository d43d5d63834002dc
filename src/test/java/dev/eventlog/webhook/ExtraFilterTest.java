package dev.eventlog.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventlog.platform.error.FieldErrors;
import dev.eventlog.platform.error.ValidationException;
import dev.eventlog.samples.Samples;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ExtraFilterTest {

    private static final String PATH = "events[0].extra_filter";

    /** Single quotes stand for double quotes, so JSON reads well inside Java strings. */
    private static JsonValue json(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text.replace('\'', '"')))) {
            return reader.readValue();
        }
    }

    private static ExtraFilter filter(String text) {
        FieldErrors errors = new FieldErrors();
        ExtraFilter filter = ExtraFilter.parse(json(text), PATH, errors);
        assertTrue(errors.isEmpty(), () -> "unexpected errors: " + errorsOf(errors));
        assertNotNull(filter);
        return filter;
    }

    private static boolean matches(String filter, String current) {
        return filter(filter).matches(json(current));
    }

    private static Map<String, String> errorsOf(FieldErrors errors) {
        try {
            errors.throwIfAny();
            return Map.of();
        } catch (ValidationException e) {
            return e.fieldErrors();
        }
    }

    /** Parses a filter expected to be invalid, checking that parse signals it by returning null. */
    private static Map<String, String> errors(String text) {
        FieldErrors errors = new FieldErrors();
        assertNull(ExtraFilter.parse(json(text), PATH, errors), text);
        Map<String, String> found = errorsOf(errors);
        assertFalse(found.isEmpty(), "null without an error for " + text);
        return found;
    }

    private static String field(String key, String inner) {
        return "{'type': 'field_accessor', 'field': '" + key + "', 'filter': " + inner + "}";
    }

    private static String eq(String value) {
        return "{'type': 'equals', 'value': " + value + "}";
    }

    @Nested
    class EqualsAndNotEquals {

        @Test
        void equalsComparesStrings() {
            assertTrue(matches(eq("'Won'"), "'Won'"));
            assertFalse(matches(eq("'Won'"), "'won'"));
            assertFalse(matches(eq("'1'"), "1"));
        }

        @Test
        void equalsComparesNumbersByValue() {
            assertTrue(matches(eq("1"), "1.0"));
            assertTrue(matches(eq("1.0"), "1"));
            assertTrue(matches(eq("100"), "1e2"));
            assertFalse(matches(eq("1"), "1.5"));
            assertTrue(matches(eq("{'a': [1, {'b': 2.50}]}"), "{'a': [1.0, {'b': 2.5}]}"));
        }

        @Test
        void equalsIsDeepForObjectsAndArrays() {
            assertTrue(matches(eq("{'a': 1, 'b': [1, 2]}"), "{'b': [1, 2], 'a': 1}"));
            assertFalse(matches(eq("{'a': 1}"), "{'a': 1, 'b': 2}"));
            assertFalse(matches(eq("[1, 2]"), "[2, 1]"));
            assertTrue(matches(eq("true"), "true"));
            assertFalse(matches(eq("true"), "false"));
        }

        @Test
        void aMissingFieldEqualsNullOnly() {
            assertTrue(matches(field("gone", eq("null")), "{}"));
            assertTrue(matches(field("gone", eq("null")), "{'gone': null}"));
            assertFalse(matches(field("gone", eq("'x'")), "{}"));
            assertFalse(matches(field("gone", eq("''")), "{}"));
            assertTrue(filter(eq("null")).matches(null));
        }

        @Test
        void notEqualsIsTheNegation() {
            String f = "{'type': 'not_equals', 'value': 'x'}";
            assertTrue(matches(f, "'y'"));
            assertFalse(matches(f, "'x'"));
            assertFalse(matches("{'type': 'not_equals', 'value': 1}", "1.0"));
        }

        @Test
        void notEqualsMatchesAMissingField() {
            assertTrue(matches(field("gone", "{'type': 'not_equals', 'value': 'x'}"), "{}"));
            assertFalse(matches(field("gone", "{'type': 'not_equals', 'value': null}"), "{}"));
            assertTrue(filter("{'type': 'not_equals', 'value': 'x'}").matches(null));
        }
    }

    @Nested
    class NullChecks {

        @Test
        void isNull() {
            String f = "{'type': 'is_null'}";
            assertTrue(matches(f, "null"));
            assertTrue(filter(f).matches(null));
            assertTrue(matches(field("gone", f), "{'other': 1}"));
            assertFalse(matches(f, "''"));
            assertFalse(matches(f, "0"));
            assertFalse(matches(f, "false"));
            assertFalse(matches(f, "[]"));
            assertFalse(matches(f, "{}"));
        }

        @Test
        void nonNull() {
            String f = "{'type': 'non_null'}";
            assertFalse(matches(f, "null"));
            assertFalse(filter(f).matches(null));
            assertFalse(matches(field("gone", f), "{'other': 1}"));
            assertTrue(matches(f, "''"));
            assertTrue(matches(f, "0"));
            assertTrue(matches(f, "false"));
            assertTrue(matches(f, "[]"));
        }
    }

    @Nested
    class Contains {

        @Test
        void anArrayContainsAnEqualElement() {
            String f = "{'type': 'contains', 'value': 'status_id'}";
            assertTrue(matches(f, "['confidence', 'status_id']"));
            assertFalse(matches(f, "['confidence', 'status_label']"));
            assertFalse(matches(f, "[]"));
        }

        @Test
        void arrayElementsMustEqualNotMerelyContain() {
            assertFalse(matches("{'type': 'contains', 'value': 'status'}", "['status_id']"));
        }

        @Test
        void arrayElementsCompareNumericallyAndDeeply() {
            assertTrue(matches("{'type': 'contains', 'value': 2}", "[1, 2.0, 3]"));
            assertTrue(matches("{'type': 'contains', 'value': {'id': 1}}", "[{'id': 1.0}, {'id': 2}]"));
            assertTrue(matches("{'type': 'contains', 'value': null}", "[1, null]"));
            assertFalse(matches("{'type': 'contains', 'value': '2'}", "[1, 2, 3]"));
        }

        @Test
        void aStringContainsASubstring() {
            String f = "{'type': 'contains', 'value': 'Kemp'}";
            assertTrue(matches(f, "'Joe Kemp'"));
            assertTrue(matches(f, "'Kemp'"));
            assertFalse(matches(f, "'Joe kemp'"));
            assertTrue(matches("{'type': 'contains', 'value': ''}", "'anything'"));
        }

        @Test
        void otherwiseItIsFalse() {
            assertFalse(matches("{'type': 'contains', 'value': 1}", "'a1b'"));
            assertFalse(matches("{'type': 'contains', 'value': '1'}", "1"));
            assertFalse(matches("{'type': 'contains', 'value': 'a'}", "{'a': 'a'}"));
            assertFalse(matches("{'type': 'contains', 'value': null}", "null"));
            assertFalse(filter("{'type': 'contains', 'value': 'a'}").matches(null));
            assertFalse(matches(field("tags", "{'type': 'contains', 'value': 'a'}"), "{}"));
        }
    }

    @Nested
    class Logic {

        private static final String TRUE = "{'type': 'is_null'}";
        private static final String FALSE = "{'type': 'non_null'}";

        private static String of(String type, String... filters) {
            return "{'type': '" + type + "', 'filters': [" + String.join(", ", filters) + "]}";
        }

        private static String not(String filter) {
            return "{'type': 'not', 'filter': " + filter + "}";
        }

        @Test
        void and() {
            assertTrue(matches(of("and", TRUE), "null"));
            assertTrue(matches(of("and", TRUE, TRUE, TRUE), "null"));
            assertFalse(matches(of("and", TRUE, FALSE, TRUE), "null"));
            assertFalse(matches(of("and", FALSE), "null"));
        }

        @Test
        void or() {
            assertTrue(matches(of("or", FALSE, TRUE), "null"));
            assertTrue(matches(of("or", TRUE), "null"));
            assertFalse(matches(of("or", FALSE, FALSE), "null"));
        }

        @Test
        void not() {
            assertFalse(matches(not(TRUE), "null"));
            assertTrue(matches(not(FALSE), "null"));
            assertTrue(matches(not(not(TRUE)), "null"));
        }

        @Test
        void combinations() {
            // (a == 1 and not b == 2) or c is null
            String f = of("or",
                    of("and", field("a", eq("1")), not(field("b", eq("2")))),
                    field("c", TRUE));
            assertTrue(matches(f, "{'a': 1, 'b': 3, 'c': 0}"));
            assertFalse(matches(f, "{'a': 1, 'b': 2, 'c': 0}"));
            assertFalse(matches(f, "{'a': 2, 'b': 3, 'c': 0}"));
            assertTrue(matches(f, "{'a': 2, 'b': 2}"));
            // De Morgan: not(a or b) == (not a and not b), across every combination.
            String left = not(of("or", field("a", eq("true")), field("b", eq("true"))));
            String right = of("and", not(field("a", eq("true"))), not(field("b", eq("true"))));
            for (String event : List.of("{'a': true, 'b': true}", "{'a': true}", "{'b': true}", "{}")) {
                assertEquals(matches(left, event), matches(right, event), event);
            }
            assertTrue(matches(left, "{}"));
        }

        @Test
        void everyBranchSeesTheSameCurrentValue() {
            String f = of("and", field("a", eq("1")), field("b", eq("2")));
            assertTrue(matches(f, "{'a': 1, 'b': 2}"));
            assertFalse(matches(f, "{'a': 1, 'b': {'b': 2}}"));
        }
    }

    @Nested
    class FieldAccess {

        @Test
        void descendsOneKeyAtATime() {
            String f = field("data", field("status_label", eq("'Won'")));
            assertTrue(matches(f, "{'data': {'status_label': 'Won'}}"));
            assertFalse(matches(f, "{'data': {'status_label': 'Lost'}}"));
            assertFalse(matches(f, "{'data': {}}"));
            assertFalse(matches(f, "{}"));
        }

        @Test
        void aMissingKeyIsNull() {
            String f = field("data", field("status_label", "{'type': 'is_null'}"));
            assertTrue(matches(f, "{}"));
            assertTrue(matches(f, "{'data': null}"));
            assertTrue(matches(f, "{'data': {}}"));
            assertFalse(matches(f, "{'data': {'status_label': ''}}"));
        }

        @Test
        void aNonObjectHasNoFields() {
            String f = field("length", "{'type': 'is_null'}");
            assertTrue(matches(f, "'a string'"));
            assertTrue(matches(f, "[1, 2]"));
            assertTrue(matches(f, "3"));
            assertTrue(matches(field("0", "{'type': 'is_null'}"), "['zero']"));
            assertTrue(filter(f).matches(null));
        }

        @Test
        void aDottedFieldIsOneLiteralKey() {
            String f = field("data", field("custom.cf_abc", eq("'x'")));
            assertTrue(matches(f, "{'data': {'custom.cf_abc': 'x'}}"));
            // Not a path: a nested object under "custom" must not be found.
            assertFalse(matches(f, "{'data': {'custom': {'cf_abc': 'x'}}}"));
            assertTrue(matches(field("data", field("custom.cf_abc", "{'type': 'is_null'}")),
                    "{'data': {'custom': {'cf_abc': 'x'}}}"));
            assertTrue(matches(field("a.b", eq("1")), "{'a.b': 1, 'a': {'b': 2}}"));
            assertTrue(matches(field("a", field("b", eq("2"))), "{'a.b': 1, 'a': {'b': 2}}"));
        }

        @Test
        void keysAreCaseSensitiveAndExact() {
            assertFalse(matches(field("Status", eq("1")), "{'status': 1}"));
            assertFalse(matches(field("status ", eq("1")), "{'status': 1}"));
        }
    }

    @Nested
    class AnyArrayValue {

        private static String any(String filter) {
            return "{'type': 'any_array_value', 'filter': " + filter + "}";
        }

        @Test
        void matchesWhenSomeElementMatches() {
            assertTrue(matches(any(eq("2")), "[1, 2, 3]"));
            assertTrue(matches(any(eq("2")), "[1, 2.0]"));
            assertFalse(matches(any(eq("4")), "[1, 2, 3]"));
            assertTrue(matches(any("{'type': 'contains', 'value': 'ell'}"), "['hi', 'hello']"));
            assertTrue(matches(any("{'type': 'is_null'}"), "[1, null]"));
        }

        @Test
        void overObjectsWithAFieldAccessorInside() {
            String f = field("data", field("emails", any(
                    "{'type': 'and', 'filters': ["
                            + field("type", eq("'office'")) + ", "
                            + field("email", "{'type': 'contains', 'value': '@example.com'}") + "]}")));
            assertTrue(matches(f, "{'data': {'emails': ["
                    + "{'type': 'home', 'email': 'a@gmail.com'},"
                    + "{'type': 'office', 'email': 'b@example.com'}]}}"));
            // Both conditions must hold for the same element, not across elements.
            assertFalse(matches(f, "{'data': {'emails': ["
                    + "{'type': 'home', 'email': 'a@example.com'},"
                    + "{'type': 'office', 'email': 'b@gmail.com'}]}}"));
            assertFalse(matches(f, "{'data': {'emails': [1, 'office', null]}}"));
        }

        @Test
        void anEmptyArrayOrANonArrayNeverMatches() {
            String always = any("{'type': 'not', 'filter': {'type': 'non_null'}}");
            String anything = any("{'type': 'not', 'filter': {'type': 'is_null'}}");
            assertFalse(matches(anything, "[]"));
            assertFalse(matches(always, "[]"));
            assertFalse(matches(anything, "'abc'"));
            assertFalse(matches(anything, "{'a': 1}"));
            assertFalse(matches(always, "null"));
            assertFalse(filter(always).matches(null));
            assertTrue(matches("{'type': 'not', 'filter': " + field("tags", anything) + "}", "{}"));
        }

        @Test
        void nestedArrays() {
            assertTrue(matches(any(any(eq("'x'"))), "[['a'], ['b', 'x']]"));
            assertFalse(matches(any(any(eq("'x'"))), "[['a'], 'x']"));
        }
    }

    @Nested
    class RealisticEvents {

        private static final String CLOSE_DOCS_WON = """
                {"type": "and", "filters": [
                  {"type": "field_accessor", "field": "changed_fields", "filter": {"type": "contains", "value": "status_id"}},
                  {"type": "field_accessor", "field": "data", "filter": {"type": "field_accessor", "field": "status_type", "filter": {"type": "equals", "value": "won"}}}
                ]}""";

        private static JsonObject sampleEvent() throws IOException {
            return Samples.opportunityUpdatedWebhook().getJsonObject("event");
        }

        private static JsonObject with(JsonObject event, String key, JsonValue value) {
            return Json.createObjectBuilder(event).add(key, value).build();
        }

        @Test
        void closesOpportunityWonExampleMatchesTheSample() throws IOException {
            assertTrue(filter(CLOSE_DOCS_WON).matches(sampleEvent()));
        }

        @Test
        void closesExampleRejectsOtherStatusesAndUnrelatedUpdates() throws IOException {
            JsonObject event = sampleEvent();
            JsonObject lost = with(event, "data",
                    Json.createObjectBuilder(event.getJsonObject("data")).add("status_type", "lost").build());
            assertFalse(filter(CLOSE_DOCS_WON).matches(lost));
            JsonObject noteOnly = with(event, "changed_fields", json("['note', 'date_updated']"));
            assertFalse(filter(CLOSE_DOCS_WON).matches(noteOnly));
            JsonObject created = Json.createObjectBuilder(event).remove("changed_fields").build();
            assertFalse(filter(CLOSE_DOCS_WON).matches(created));
        }

        @Test
        void otherFiltersOnTheSample() throws IOException {
            JsonObject event = sampleEvent();
            assertTrue(filter(field("previous_data", field("status_label", eq("'Active'")))).matches(event));
            assertTrue(filter(field("previous_data", field("confidence", eq("70.0")))).matches(event));
            assertTrue(filter(field("data", field("value", eq("1e5")))).matches(event));
            assertTrue(filter(field("data", field("date_lost", "{'type': 'is_null'}"))).matches(event));
            assertTrue(filter(field("data", field("date_won", "{'type': 'non_null'}"))).matches(event));
            assertTrue(filter(field("data", field("user_name", "{'type': 'contains', 'value': 'Kemp'}"))).matches(event));
            assertTrue(filter(field("meta", field("request_method", eq("'PUT'")))).matches(event));
            assertFalse(filter(field("data", field("custom.cf_abc", "{'type': 'non_null'}"))).matches(event));
            assertFalse(filter(field("object_type", "{'type': 'not_equals', 'value': 'opportunity'}")).matches(event));
        }

        @Test
        void customFieldsOnALeadEvent() {
            JsonObject event = json("""
                    {'id': 'ev_1', 'object_type': 'lead', 'action': 'updated', 'user_id': 'user_1',
                     'data': {'status_label': 'Won', 'custom.cf_abc': 'x', 'custom.cf_n': 3,
                              'custom': {'cf_abc': 'nested'}, 'tags': ['a', 'b']},
                     'changed_fields': ['custom.cf_abc'], 'previous_data': {'custom.cf_abc': null}}
                    """).asJsonObject();
            assertTrue(filter(field("data", field("custom.cf_abc", eq("'x'")))).matches(event));
            assertTrue(filter(field("data", field("custom.cf_n", eq("3.0")))).matches(event));
            assertTrue(filter(field("changed_fields", "{'type': 'contains', 'value': 'custom.cf_abc'}")).matches(event));
            assertTrue(filter(field("previous_data", field("custom.cf_abc", "{'type': 'is_null'}"))).matches(event));
            assertTrue(filter(field("data", field("tags", "{'type': 'contains', 'value': 'b'}"))).matches(event));
            assertFalse(filter(field("data", field("tags", "{'type': 'contains', 'value': 'c'}"))).matches(event));
        }
    }

    @Nested
    class Parsing {

        @Test
        void buildsTheTree() {
            ExtraFilter parsed = filter("""
                    {'type': 'or', 'filters': [
                      {'type': 'not', 'filter': {'type': 'is_null'}},
                      {'type': 'field_accessor', 'field': 'custom.cf_x', 'filter':
                        {'type': 'any_array_value', 'filter': {'type': 'contains', 'value': 'a'}}},
                      {'type': 'and', 'filters': [{'type': 'equals', 'value': 1}, {'type': 'not_equals', 'value': null}]},
                      {'type': 'non_null'}]}""");
            ExtraFilter expected = new ExtraFilter.Or(List.of(
                    new ExtraFilter.Not(new ExtraFilter.IsNull()),
                    new ExtraFilter.FieldAccessor("custom.cf_x",
                            new ExtraFilter.AnyArrayValue(new ExtraFilter.Contains(Json.createValue("a")))),
                    new ExtraFilter.And(List.of(new ExtraFilter.Equals(Json.createValue(1)),
                            new ExtraFilter.NotEquals(JsonValue.NULL))),
                    new ExtraFilter.NonNull()));
            assertEquals(expected, parsed);
        }

        @Test
        void aNullValueIsAValue() {
            assertEquals(new ExtraFilter.Equals(JsonValue.NULL), filter("{'type': 'equals', 'value': null}"));
            assertEquals(new ExtraFilter.Contains(JsonValue.NULL), filter("{'type': 'contains', 'value': null}"));
        }

        @Test
        void theTreeIsImmutable() {
            List<ExtraFilter> source = new ArrayList<>(List.of(new ExtraFilter.IsNull()));
            ExtraFilter.And and = new ExtraFilter.And(source);
            source.add(new ExtraFilter.NonNull());
            assertEquals(1, and.filters().size());
            assertThrows(UnsupportedOperationException.class, () -> and.filters().add(new ExtraFilter.IsNull()));
            ExtraFilter.Or parsed = (ExtraFilter.Or) filter("{'type': 'or', 'filters': [{'type': 'is_null'}]}");
            assertThrows(UnsupportedOperationException.class, () -> parsed.filters().clear());
        }

        @Test
        void constructorsRejectWhatParseRejects() {
            assertThrows(IllegalArgumentException.class, () -> new ExtraFilter.And(List.of()));
            assertThrows(IllegalArgumentException.class, () -> new ExtraFilter.Or(List.of()));
            assertThrows(NullPointerException.class, () -> new ExtraFilter.Equals(null));
            assertThrows(NullPointerException.class, () -> new ExtraFilter.Not(null));
            assertThrows(NullPointerException.class, () -> new ExtraFilter.FieldAccessor(null, new ExtraFilter.IsNull()));
        }

        private static String nestedNots(int levels) {
            String f = "{'type': 'is_null'}";
            for (int i = 1; i < levels; i++) {
                f = "{'type': 'not', 'filter': " + f + "}";
            }
            return f;
        }

        @Test
        void nestingUpToTheLimitIsAllowed() {
            // 31 nots around is_null: 32 levels, an even number of negations.
            ExtraFilter deep = filter(nestedNots(ExtraFilter.MAX_DEPTH));
            assertFalse(deep.matches(JsonValue.NULL));
            assertTrue(deep.matches(JsonValue.TRUE));
        }

        @Test
        void nestingBeyondTheLimitIsRejectedWhereItHappens() {
            assertEquals(Map.of(PATH + ".filter".repeat(ExtraFilter.MAX_DEPTH),
                            "Filters may be nested at most 32 levels deep."),
                    errors(nestedNots(ExtraFilter.MAX_DEPTH + 1)));
        }

        @Test
        void listsCountTowardsTheDepth() {
            String f = "{'type': 'is_null'}";
            for (int i = 1; i <= ExtraFilter.MAX_DEPTH; i++) {
                f = "{'type': 'and', 'filters': [{'type': 'is_null'}, " + f + "]}";
            }
            // Both members of the innermost list sit at level 33.
            String innermost = PATH + ".filters[1]".repeat(ExtraFilter.MAX_DEPTH - 1);
            assertEquals(Map.of(
                            innermost + ".filters[0]", "Filters may be nested at most 32 levels deep.",
                            innermost + ".filters[1]", "Filters may be nested at most 32 levels deep."),
                    errors(f));
        }

        @Test
        void aVeryDeepFilterFailsQuietly() {
            // Far beyond the limit (and beyond what Parsson would read from text): parse must
            // stop descending rather than overflow the stack.
            JsonValue f = Json.createObjectBuilder().add("type", "is_null").build();
            for (int i = 0; i < 5_000; i++) {
                f = Json.createObjectBuilder().add("type", "not").add("filter", f).build();
            }
            FieldErrors errors = new FieldErrors();
            assertNull(ExtraFilter.parse(f, PATH, errors));
            assertEquals(Map.of(PATH + ".filter".repeat(ExtraFilter.MAX_DEPTH),
                    "Filters may be nested at most 32 levels deep."), errorsOf(errors));
        }
    }

    @Nested
    class Validation {

        static Stream<Arguments> invalid() {
            return Stream.of(
                    // not a filter object
                    Arguments.of("'equals'", PATH, "A filter must be an object with a 'type'."),
                    Arguments.of("[]", PATH, "A filter must be an object with a 'type'."),
                    Arguments.of("null", PATH, "A filter must be an object with a 'type'."),
                    Arguments.of("42", PATH, "A filter must be an object with a 'type'."),
                    // type
                    Arguments.of("{}", PATH + ".type", "This field is required."),
                    Arguments.of("{'value': 1}", PATH + ".type", "This field is required."),
                    Arguments.of("{'type': null}", PATH + ".type", "This field is required."),
                    Arguments.of("{'type': 1}", PATH + ".type", "Must be a string."),
                    Arguments.of("{'type': ['equals']}", PATH + ".type", "Must be a string."),
                    Arguments.of("{'type': 'equal', 'value': 1}", PATH + ".type", "Unknown filter type 'equal'."),
                    Arguments.of("{'type': 'EQUALS', 'value': 1}", PATH + ".type", "Unknown filter type 'EQUALS'."),
                    Arguments.of("{'type': ''}", PATH + ".type", "Unknown filter type ''."),
                    // value
                    Arguments.of("{'type': 'equals'}", PATH + ".value", "This field is required."),
                    Arguments.of("{'type': 'not_equals'}", PATH + ".value", "This field is required."),
                    Arguments.of("{'type': 'contains'}", PATH + ".value", "This field is required."),
                    // filters
                    Arguments.of("{'type': 'and'}", PATH + ".filters", "This field is required."),
                    Arguments.of("{'type': 'or'}", PATH + ".filters", "This field is required."),
                    Arguments.of("{'type': 'and', 'filters': {'type': 'is_null'}}", PATH + ".filters",
                            "Must be a non-empty list of filters."),
                    Arguments.of("{'type': 'or', 'filters': null}", PATH + ".filters",
                            "Must be a non-empty list of filters."),
                    Arguments.of("{'type': 'and', 'filters': []}", PATH + ".filters",
                            "Must be a non-empty list of filters."),
                    Arguments.of("{'type': 'or', 'filters': []}", PATH + ".filters",
                            "Must be a non-empty list of filters."),
                    Arguments.of("{'type': 'and', 'filters': [{'type': 'is_null'}, {'type': 'equals'}]}",
                            PATH + ".filters[1].value", "This field is required."),
                    Arguments.of("{'type': 'or', 'filters': ['is_null']}",
                            PATH + ".filters[0]", "A filter must be an object with a 'type'."),
                    // filter
                    Arguments.of("{'type': 'not'}", PATH + ".filter", "This field is required."),
                    Arguments.of("{'type': 'any_array_value'}", PATH + ".filter", "This field is required."),
                    Arguments.of("{'type': 'field_accessor', 'field': 'a'}", PATH + ".filter", "This field is required."),
                    Arguments.of("{'type': 'not', 'filter': null}", PATH + ".filter",
                            "A filter must be an object with a 'type'."),
                    Arguments.of("{'type': 'not', 'filter': [{'type': 'is_null'}]}", PATH + ".filter",
                            "A filter must be an object with a 'type'."),
                    Arguments.of("{'type': 'not', 'filter': {'type': 'nope'}}", PATH + ".filter.type",
                            "Unknown filter type 'nope'."),
                    Arguments.of("{'type': 'any_array_value', 'filter': {'type': 'contains'}}", PATH + ".filter.value",
                            "This field is required."),
                    // field
                    Arguments.of("{'type': 'field_accessor', 'filter': {'type': 'is_null'}}", PATH + ".field",
                            "This field is required."),
                    Arguments.of("{'type': 'field_accessor', 'field': '', 'filter': {'type': 'is_null'}}", PATH + ".field",
                            "Must be a non-empty string."),
                    Arguments.of("{'type': 'field_accessor', 'field': 3, 'filter': {'type': 'is_null'}}", PATH + ".field",
                            "Must be a non-empty string."),
                    Arguments.of("{'type': 'field_accessor', 'field': null, 'filter': {'type': 'is_null'}}", PATH + ".field",
                            "Must be a non-empty string."),
                    Arguments.of("{'type': 'field_accessor', 'field': ['data', 'x'], 'filter': {'type': 'is_null'}}",
                            PATH + ".field", "Must be a non-empty string."),
                    // keys that do not belong
                    Arguments.of("{'type': 'is_null', 'value': null}", PATH + ".value", "Not allowed with type 'is_null'."),
                    Arguments.of("{'type': 'non_null', 'field': 'x'}", PATH + ".field", "Not allowed with type 'non_null'."),
                    Arguments.of("{'type': 'equals', 'value': 1, 'values': [1]}", PATH + ".values",
                            "Not allowed with type 'equals'."),
                    Arguments.of("{'type': 'and', 'filter': {'type': 'is_null'}, 'filters': [{'type': 'is_null'}]}",
                            PATH + ".filter", "Not allowed with type 'and'."),
                    Arguments.of("{'type': 'not', 'filters': [{'type': 'is_null'}], 'filter': {'type': 'is_null'}}",
                            PATH + ".filters", "Not allowed with type 'not'."),
                    Arguments.of("{'type': 'field_accessor', 'field': 'a', 'filter': {'type': 'is_null'}, 'value': 1}",
                            PATH + ".value", "Not allowed with type 'field_accessor'."),
                    Arguments.of("{'type': 'any_array_value', 'field': 'a', 'filter': {'type': 'is_null'}}",
                            PATH + ".field", "Not allowed with type 'any_array_value'."));
        }

        @ParameterizedTest(name = "{0} -> {1}")
        @MethodSource("invalid")
        void isRejectedWithAFieldError(String filter, String key, String message) {
            assertEquals(Map.of(key, message), errors(filter));
        }

        @Test
        void theErrorInTheSecondAndBranchIsKeyedByItsPath() {
            Map<String, String> found = errors("""
                    {'type': 'and', 'filters': [
                      {'type': 'field_accessor', 'field': 'changed_fields', 'filter': {'type': 'contains', 'value': 'status_id'}},
                      {'type': 'equals'}
                    ]}""");
            assertEquals(Map.of("events[0].extra_filter.filters[1].value", "This field is required."), found);
        }

        @Test
        void deepErrorsCarryTheWholePath() {
            Map<String, String> found = errors(field("data", "{'type': 'any_array_value', 'filter': "
                    + "{'type': 'or', 'filters': [{'type': 'is_null'}, " + field("", "{'type': 'is_null'}") + "]}}"));
            assertEquals(Map.of(PATH + ".filter.filter.filters[1].field", "Must be a non-empty string."), found);
        }

        @Test
        void everyProblemIsReportedAtOnce() {
            Map<String, String> found = errors("""
                    {'type': 'or', 'extra': 1, 'filters': [
                      {'type': 'equal', 'value': 1},
                      {'type': 'is_null'},
                      {'type': 'field_accessor'},
                      {'type': 'not', 'filter': {'type': 'non_null', 'value': 1}}
                    ]}""");
            assertEquals(Map.of(
                    PATH + ".extra", "Not allowed with type 'or'.",
                    PATH + ".filters[0].type", "Unknown filter type 'equal'.",
                    PATH + ".filters[2].field", "This field is required.",
                    PATH + ".filters[2].filter", "This field is required.",
                    PATH + ".filters[3].filter.value", "Not allowed with type 'non_null'."), found);
        }

        @Test
        void aStrayKeyAloneMakesTheFilterInvalid() {
            // Everything else is well-formed: the stray key must still make parse return null.
            assertEquals(Map.of(PATH + ".filters[0].fitler", "Not allowed with type 'not'."),
                    errors("{'type': 'and', 'filters': [{'type': 'not', 'filter': {'type': 'is_null'}, 'fitler': {}}]}"));
        }

        @Test
        void theCallersPathIsUsedAsGiven() {
            FieldErrors errors = new FieldErrors();
            assertNull(ExtraFilter.parse(json("{'type': 'not'}"), "extra_filter", errors));
            assertEquals(Map.of("extra_filter.filter", "This field is required."), errorsOf(errors));
        }

        @Test
        void aValidFilterAddsNoErrors() {
            FieldErrors errors = new FieldErrors();
            assertNotNull(ExtraFilter.parse(json(field("custom.cf_x", eq("null"))), PATH, errors));
            assertTrue(errors.isEmpty());
        }
    }
}
