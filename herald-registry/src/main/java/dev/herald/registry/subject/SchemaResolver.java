package dev.herald.registry.subject;

import dev.herald.registry.format.InvalidSchemaException;
import dev.herald.registry.format.ParsedSchema;
import dev.herald.registry.format.ResolvedReference;
import dev.herald.registry.format.SchemaFormats;
import dev.herald.registry.format.SchemaReference;
import dev.herald.registry.format.SchemaType;
import dev.herald.registry.store.RegistryState;
import dev.herald.registry.store.SchemaVersion;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns schema text plus references into a {@link ParsedSchema}: resolves references transitively against the
 * registered versions and hands everything to the format's parser. Thread-safe: reads state snapshots, and
 * caches parsed stored versions in a concurrent map (unbounded: one entry per registered version).
 */
final class SchemaResolver {
    private final SchemaFormats formats;
    private final RegistryState state;
    private final Map<String, ParsedSchema> parsedVersions = new ConcurrentHashMap<>();

    SchemaResolver(SchemaFormats formats, RegistryState state) {
        this.formats = formats;
        this.state = state;
    }

    SchemaType type(String schemaType) {
        return SchemaType.fromRest(schemaType).orElseThrow(() -> RegistryException.invalidSchema(
                "Invalid schema type " + schemaType + ". Use one of " + formats.types() + "."));
    }

    ParsedSchema parse(SchemaType type, String schema, List<SchemaReference> references, JsonNode metadata) {
        if (schema == null || schema.isBlank()) {
            throw RegistryException.invalidSchema("Empty schema. Send the schema text in the \"schema\" field.");
        }
        List<ResolvedReference> resolved = new ArrayList<>();
        resolve(references, resolved, new LinkedHashMap<>());
        try {
            return formats.get(type).parse(schema, resolved, properties(metadata));
        } catch (InvalidSchemaException e) {
            throw RegistryException.invalidSchema(e.getMessage());
        }
    }

    /** Stored versions never change and neither do the versions they reference, so their parse is cached. */
    ParsedSchema parse(SchemaVersion stored) {
        String key = stored.subject() + "\u0000" + stored.version() + "\u0000" + stored.identity();
        ParsedSchema cached = parsedVersions.get(key);
        if (cached == null) {
            cached = parse(stored.type(), stored.schema(), stored.references(), stored.metadata());
            parsedVersions.put(key, cached);
        }
        return cached;
    }

    private void resolve(List<SchemaReference> references, List<ResolvedReference> out, Map<String, Boolean> seen) {
        for (SchemaReference reference : references) {
            if (seen.putIfAbsent(reference.name(), Boolean.TRUE) != null) {
                continue;
            }
            SchemaVersion target = find(reference);
            resolve(target.references(), out, seen);
            out.add(new ResolvedReference(reference.name(), target.schema()));
        }
    }

    private SchemaVersion find(SchemaReference reference) {
        List<SchemaVersion> versions = state.versions(reference.subject());
        SchemaVersion found = null;
        for (SchemaVersion version : versions) {
            if (reference.version() == -1 ? !version.deleted() : version.version() == reference.version()) {
                found = version;
            }
        }
        if (found == null) {
            throw RegistryException.invalidSchema("Invalid schema reference " + reference.name() + ": subject '"
                    + reference.subject() + "' has no version " + reference.version()
                    + ". Register the referenced schema first.");
        }
        return found;
    }

    private static Map<String, String> properties(JsonNode metadata) {
        Map<String, String> properties = new HashMap<>();
        if (metadata != null) {
            metadata.path("properties").properties().forEach(e -> properties.put(e.getKey(), e.getValue().asText()));
        }
        return properties;
    }
}
