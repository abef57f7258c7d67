package dev.herald.registry.format;

/**
 * A reference from one schema to a version registered under another subject: {@code name} is the Avro full
 * type name, the JSON Schema {@code $ref} URL or the Protobuf import path. Immutable.
 */
public record SchemaReference(String name, String subject, int version) {
}
