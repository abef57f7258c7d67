package dev.herald.registry.format;

import java.util.Locale;
import java.util.Optional;

/** The schema formats the registry understands, named as in the REST {@code schemaType} field. Immutable. */
public enum SchemaType {
    AVRO, JSON, PROTOBUF;

    /** Parses a {@code schemaType} value; a missing value means AVRO, as every Confluent client assumes. */
    public static Optional<SchemaType> fromRest(String value) {
        if (value == null || value.isBlank()) {
            return Optional.of(AVRO);
        }
        try {
            return Optional.of(valueOf(value.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException unknown) {
            return Optional.empty();
        }
    }
}
