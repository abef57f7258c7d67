package dev.herald.registry.format;

/** The text of a referenced schema, under the name the referencing schema uses for it. Immutable. */
public record ResolvedReference(String name, String schema) {
}
