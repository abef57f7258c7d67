package dev.herald.registry.subject;

import dev.herald.registry.store.SchemaVersion;

import java.util.List;

/** The outcome of a registration: the stored version and any event-naming warnings. Immutable. */
public record Registration(SchemaVersion version, List<String> warnings) {
}
