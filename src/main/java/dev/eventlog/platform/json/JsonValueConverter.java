package dev.eventlog.platform.json;

import jakarta.json.JsonValue;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import org.hibernate.annotations.Immutable;

/**
 * Maps a jsonb column to JSON-P with plain JPA, so no provider-specific type is needed (the
 * datasource's stringtype=unspecified lets PostgreSQL accept the text as jsonb).
 *
 * <p>{@link Immutable} tells Hibernate what is true of every JSON-P value: it never changes in
 * place. Otherwise Hibernate snapshots each JSON attribute by a round trip through this converter
 * (serialize, then parse) and compares the copies at flush; a JSON null, stored as SQL NULL, then
 * reads back as Java null and makes every new event look changed, so each insert was followed by
 * a full-row UPDATE. A replaced value (a consolidation merge sets new ones) is still detected.
 */
@Converter
@Immutable
public class JsonValueConverter implements AttributeConverter<JsonValue, String> {

    @Override
    public String convertToDatabaseColumn(JsonValue value) {
        return JsonText.text(value);
    }

    @Override
    public JsonValue convertToEntityAttribute(String text) {
        return JsonText.parse(text);
    }
}
