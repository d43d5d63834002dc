package dev.eventlog.security;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores roles as the lower-case names the API and the schema's CHECK use. */
@Converter
public class RoleConverter implements AttributeConverter<Role, String> {

    @Override
    public String convertToDatabaseColumn(Role role) {
        return role == null ? null : role.wireName();
    }

    @Override
    public Role convertToEntityAttribute(String value) {
        return value == null ? null : Role.fromWire(value);
    }
}
