package dev.eventlog.platform.json;

import jakarta.json.JsonValue;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/**
 * Maps a jsonb column to JSON-P with plain JPA, so no provider-specific type is needed (the
 * datasource's stringtype=unspecified lets PostgreSQL accept the text as jsonb).
 */
@Converter
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
