package dev.eventlog.stream;

import dev.eventlog.event.Event;
import dev.eventlog.platform.db.DbTime;
import dev.eventlog.platform.json.BadJsonException;
import dev.eventlog.platform.json.JsonText;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Stream rows read column by column, the JSON ones as text, each parsed on its own. Mapped as a
 * JPA entity, one value the JSON parser cannot read (a row nested 1,500 deep that an older version
 * or another tool wrote) would fail the whole page, every time, and hold every reader at that
 * position; here it only leaves that field null and named in the entry.
 */
final class StreamRows {

    /** The columns {@link #entry} reads, in its order; the caller adds WHERE and ORDER BY. */
    static final String SELECT = "SELECT e.id, e.organization_id, e.user_id, e.request_id, e.api_key_id, e.lead_id, "
            + "e.object_type, e.object_id, e.action, CAST(e.data AS text), CAST(e.previous_data AS text), "
            + "CAST(e.changed_fields AS text), CAST(e.meta AS text), CAST(e.internal_metadata AS text), "
            + "e.date_created, e.date_updated, e.stream_tx, e.stream_seq, e.date_logged FROM event e";

    private StreamRows() {
    }

    static StreamEntry entry(Object[] row) {
        Event e = new Event();
        e.setId((String) row[0]);
        e.setOrganizationId((String) row[1]);
        e.setUserId((String) row[2]);
        e.setRequestId((String) row[3]);
        e.setApiKeyId((String) row[4]);
        e.setLeadId((String) row[5]);
        e.setObjectType((String) row[6]);
        e.setObjectId((String) row[7]);
        e.setAction((String) row[8]);
        List<String> unreadable = new ArrayList<>();
        json(row[9], "data", e::setData, unreadable);
        json(row[10], "previous_data", e::setPreviousData, unreadable);
        json(row[11], "changed_fields", e::setChangedFields, unreadable);
        json(row[12], "meta", e::setMeta, unreadable);
        json(row[13], "internal_metadata", e::setInternalMetadata, unreadable);
        e.setDateCreated(DbTime.toLocal(row[14]));
        e.setDateUpdated(DbTime.toLocal(row[15]));
        StreamPosition position = new StreamPosition(((Number) row[16]).longValue(), ((Number) row[17]).longValue());
        return new StreamEntry(position, DbTime.toLocal(row[18]), e, List.copyOf(unreadable));
    }

    private static void json(Object text, String field, Consumer<JsonValue> set, List<String> unreadable) {
        try {
            set.accept(JsonText.parse((String) text));
        } catch (BadJsonException e) {
            unreadable.add(field);
        }
    }
}
