package dev.herald.registry.store;

/** One record of the {@code _schemas} topic: JSON key and JSON value ({@code null} = tombstone). Immutable. */
public record LogRecord(String key, String value) {
}
