package dev.herald.registry.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.registry.format.SchemaReference;
import dev.herald.registry.format.SchemaType;

import java.util.List;

/**
 * One registered version of a subject, as stored in the {@code _schemas} topic. {@code metadata} and
 * {@code ruleSet} are kept verbatim (null when absent). Immutable.
 */
public record SchemaVersion(String subject, int version, int id, SchemaType type, String schema,
                            List<SchemaReference> references, JsonNode metadata, JsonNode ruleSet, boolean deleted) {

    public SchemaVersion {
        references = List.copyOf(references);
    }

    public SchemaVersion withDeleted(boolean deleted) {
        return new SchemaVersion(subject, version, id, type, schema, references, metadata, ruleSet, deleted);
    }

    /** What makes two registrations the same schema (and so the same id): Confluent hashes the same parts. */
    public String identity() {
        return type + "\u0000" + schema + "\u0000" + references + "\u0000" + metadata + "\u0000" + ruleSet;
    }
}
