package dev.eventlog.stream;

import dev.eventlog.event.ProcessingOptions;
import dev.eventlog.platform.error.FieldErrors;
import dev.eventlog.platform.json.RequestBodies;
import dev.eventlog.platform.time.Timestamps;
import jakarta.json.JsonObject;
import java.time.LocalDateTime;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** The consumer endpoints' request bodies, checked: every problem is a field error. */
final class ConsumerRequests {

    /** What {@code ignored_consumers} entries are compared with: letters, digits, '_', '.', '-'. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final Set<String> BUILT_IN = Set.of(ProcessingOptions.CONSUMER_EVENT_LOG, ProcessingOptions.CONSUMER_WEBHOOKS);

    private ConsumerRequests() {
    }

    /** Where a consumer starts, or is moved to: one of a position, a time or an end of the log. */
    record Start(StreamPosition position, LocalDateTime at) {

        /** The head: only changes written from now on. */
        static final Start NOW = new Start(null, null);
        static final Start BEGINNING = new Start(StreamPosition.START, null);

        static Start read(JsonObject in, FieldErrors errors, boolean required) {
            int given = (in.containsKey("position") ? 1 : 0) + (in.containsKey("position_at") ? 1 : 0)
                    + (in.containsKey("start") ? 1 : 0);
            if (given > 1) {
                errors.addGeneral("Give one of position, position_at and start.");
                return NOW;
            }
            if (given == 0) {
                if (required) {
                    errors.addGeneral("Give one of position, position_at (a time) and start ('beginning' or 'now').");
                }
                return NOW;
            }
            String position = RequestBodies.string(in, "position", "position", errors);
            if (position != null) {
                Optional<StreamPosition> parsed = StreamPosition.parse(position);
                if (parsed.isEmpty()) {
                    errors.add("position", StreamPosition.EXPECTED);
                }
                return parsed.map(p -> new Start(p, null)).orElse(NOW);
            }
            String at = RequestBodies.string(in, "position_at", "position_at", errors);
            if (at != null) {
                try {
                    return new Start(null, Timestamps.parseFilter(at));
                } catch (IllegalArgumentException e) {
                    errors.add("position_at", e.getMessage());
                    return NOW;
                }
            }
            String start = RequestBodies.string(in, "start", "start", errors);
            if ("beginning".equals(start)) {
                return BEGINNING;
            }
            if (!"now".equals(start)) {
                errors.add("start", "Must be 'beginning' (the whole retained log) or 'now'.");
            }
            return NOW;
        }
    }

    record NewConsumer(String name, String organizationId, String optionsKey, String description, Start start) {

        private static final Set<String> FIELDS = Set.of("name", "organization_id", "options_key", "description",
                "position", "position_at", "start");

        static NewConsumer from(JsonObject in) {
            FieldErrors errors = new FieldErrors();
            in.keySet().stream().filter(k -> !FIELDS.contains(k)).forEach(k -> errors.add(k, "Unknown field."));
            String name = RequestBodies.string(in, "name", "name", errors);
            if (name == null) {
                errors.add("name", "Required.");
            } else if (!NAME.matcher(name).matches()) {
                errors.add("name", "1-64 letters, digits, '_', '.' or '-', starting with a letter or digit: "
                        + "the name producers put in ignored_consumers.");
            } else if (BUILT_IN.contains(name)) {
                errors.add("name", "'" + name + "' is a built-in consumer's name.");
            }
            String optionsKey = RequestBodies.string(in, "options_key", "options_key", errors);
            if (optionsKey != null && (optionsKey.isEmpty() || optionsKey.length() > 64)) {
                errors.add("options_key", "1-64 characters: the key in processing_options meant for this consumer.");
            }
            String description = RequestBodies.string(in, "description", "description", errors);
            if (description != null && description.length() > 200) {
                errors.add("description", "At most 200 characters.");
            }
            NewConsumer request = new NewConsumer(name, RequestBodies.string(in, "organization_id", "organization_id", errors),
                    optionsKey, description, Start.read(in, errors, false));
            errors.throwIfAny();
            return request;
        }
    }

    static Start move(JsonObject in) {
        FieldErrors errors = new FieldErrors();
        in.keySet().stream().filter(k -> !Set.of("position", "position_at", "start").contains(k))
                .forEach(k -> errors.add(k, "Unknown field."));
        Start start = Start.read(in, errors, true);
        errors.throwIfAny();
        return start;
    }
}
