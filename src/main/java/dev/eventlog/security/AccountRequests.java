package dev.eventlog.security;

import dev.eventlog.platform.error.FieldErrors;
import dev.eventlog.platform.json.RequestBodies;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.util.Set;
import java.util.regex.Pattern;

/** Request bodies of the account endpoints, each checking itself. */
final class AccountRequests {

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,255}");
    private static final Pattern ORG_ID = Pattern.compile("[A-Za-z0-9_-]{1,100}");

    private AccountRequests() {
    }

    /** Admins are mailed about their webhooks, so an address Jakarta Mail refuses is refused here. */
    static boolean isMailable(String email) {
        if (email == null || email.length() > 254 || !EMAIL.matcher(email).matches()) {
            return false;
        }
        try {
            new InternetAddress(email, true).validate();
            return true;
        } catch (AddressException e) {
            return false;
        }
    }

    public record NewUser(String email, String name, String role) {

        static NewUser from(JsonObject in, String prefix, FieldErrors errors) {
            return new NewUser(RequestBodies.string(in, "email", prefix + "email", errors),
                    RequestBodies.string(in, "name", prefix + "name", errors),
                    RequestBodies.string(in, "role", prefix + "role", errors));
        }

        void validate(FieldErrors errors, String prefix) {
            if (!isMailable(email)) {
                errors.add(prefix + "email", "A valid email address is required.");
            }
            if (name != null && name.length() > 200) {
                errors.add(prefix + "name", "At most 200 characters.");
            }
            if (role != null && !role.equals("admin") && !role.equals("user")) {
                errors.add(prefix + "role", "Must be 'admin' or 'user'.");
            }
        }

        Role roleOr(Role fallback) {
            return role == null ? fallback : Role.fromWire(role);
        }
    }

    public record NewOrganization(String id, String name, NewUser admin) {

        static NewOrganization from(JsonObject in) {
            FieldErrors errors = new FieldErrors();
            NewUser admin = null;
            JsonValue rawAdmin = in.get("admin");
            if (rawAdmin instanceof JsonObject adminObject) {
                admin = NewUser.from(adminObject, "admin.", errors);
            } else if (rawAdmin != null && rawAdmin.getValueType() != JsonValue.ValueType.NULL) {
                errors.add("admin", "Must be an object with email, name and role.");
            }
            NewOrganization request = new NewOrganization(RequestBodies.string(in, "id", "id", errors),
                    RequestBodies.string(in, "name", "name", errors), admin);
            errors.throwIfAny();
            return request;
        }

        void validate() {
            FieldErrors errors = new FieldErrors();
            if (id != null && !ORG_ID.matcher(id).matches()) {
                errors.add("id", "Letters, digits, '_' and '-' only, at most 100.");
            }
            if (name == null || name.isBlank() || name.length() > 200) {
                errors.add("name", "A name of 1 to 200 characters is required.");
            }
            if (admin != null) {
                admin.validate(errors, "admin.");
            }
            errors.throwIfAny();
        }
    }

    public record NewKey(String description) {

        static NewKey from(JsonObject in) {
            FieldErrors errors = new FieldErrors();
            NewKey request = new NewKey(RequestBodies.string(in, "description", "description", errors));
            errors.throwIfAny();
            return request;
        }

        void validate() {
            FieldErrors errors = new FieldErrors();
            validate(errors);
            errors.throwIfAny();
        }

        void validate(FieldErrors errors) {
            if (description != null && description.length() > 200) {
                errors.add("description", "At most 200 characters.");
            }
        }
    }

    /** POST /system/consumer_key/: a description and, optionally, the one organization it may read. */
    public record NewConsumerKey(String description, String organizationId) {

        private static final Set<String> FIELDS = Set.of("description", "organization_id");

        static NewConsumerKey from(JsonObject in) {
            FieldErrors errors = new FieldErrors();
            in.keySet().stream().filter(k -> !FIELDS.contains(k)).forEach(k -> errors.add(k, "Unknown field."));
            NewConsumerKey request = new NewConsumerKey(RequestBodies.string(in, "description", "description", errors),
                    RequestBodies.string(in, "organization_id", "organization_id", errors));
            new NewKey(request.description()).validate(errors);
            errors.throwIfAny();
            return request;
        }
    }

    /** PUT /user/{id}/: a new role, and/or {@code "active": false} to deactivate (for good). */
    public record UserChange(Role role, boolean deactivate) {

        private static final Set<String> FIELDS = Set.of("role", "active");

        static UserChange from(JsonObject in) {
            FieldErrors errors = new FieldErrors();
            in.keySet().stream().filter(k -> !FIELDS.contains(k)).forEach(k -> errors.add(k, "Unknown field."));
            String role = RequestBodies.string(in, "role", "role", errors);
            if (role != null && !role.equals("admin") && !role.equals("user")) {
                errors.add("role", "Must be 'admin' or 'user'.");
            }
            JsonValue.ValueType active = in.containsKey("active") ? in.get("active").getValueType() : null;
            if (active != null && active != JsonValue.ValueType.FALSE && active != JsonValue.ValueType.TRUE) {
                errors.add("active", "Must be false (deactivate) or true.");
            }
            if (in.isEmpty()) {
                errors.addGeneral("Give 'role' and/or 'active'.");
            }
            errors.throwIfAny();
            return new UserChange(role == null ? null : Role.fromWire(role), active == JsonValue.ValueType.FALSE);
        }
    }
}
