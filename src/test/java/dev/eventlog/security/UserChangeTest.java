package dev.eventlog.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventlog.platform.error.ValidationException;
import dev.eventlog.security.AccountRequests.UserChange;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UserChangeTest {

    private static UserChange parse(String json) {
        JsonObject in = Json.createReader(new StringReader(json)).readObject();
        return UserChange.from(in);
    }

    private static Map<String, String> errors(String json) {
        return assertThrows(ValidationException.class, () -> parse(json)).fieldErrors();
    }

    @Test
    void roleAndDeactivationAreRead() {
        assertEquals(new UserChange(Role.ADMIN, false), parse("{\"role\": \"admin\"}"));
        assertEquals(new UserChange(null, true), parse("{\"active\": false}"));
        assertEquals(new UserChange(Role.USER, false), parse("{\"role\": \"user\", \"active\": true}"));
        assertNull(parse("{\"role\": null, \"active\": true}").role());
    }

    @Test
    void everyProblemIsAFieldError() {
        assertEquals(Map.of("role", "Must be 'admin' or 'user'."), errors("{\"role\": \"owner\"}"));
        assertEquals(Map.of("role", "Must be a string."), errors("{\"role\": 1}"));
        assertEquals(Map.of("active", "Must be false (deactivate) or true."), errors("{\"active\": \"false\"}"));
        assertEquals(Map.of("active", "Must be false (deactivate) or true."), errors("{\"active\": null}"));
        // A misspelt field would otherwise be a silent no-op that answers 200.
        assertEquals(Map.of("actve", "Unknown field."), errors("{\"actve\": false}"));
    }

    @Test
    void anEmptyChangeIsRefused() {
        ValidationException e = assertThrows(ValidationException.class, () -> parse("{}"));
        assertTrue(e.fieldErrors().isEmpty());
        assertFalse(e.errors().isEmpty());
    }
}
