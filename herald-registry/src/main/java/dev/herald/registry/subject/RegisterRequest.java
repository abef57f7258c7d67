package dev.herald.registry.subject;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.registry.format.SchemaReference;

import java.util.List;

/**
 * The body of a register, lookup or compatibility request. {@code schemaType} is the raw REST value (null =
 * AVRO); {@code id} and {@code version} are honoured only in IMPORT mode. Immutable.
 */
public record RegisterRequest(String schema, String schemaType, List<SchemaReference> references,
                              JsonNode metadata, JsonNode ruleSet, Integer id, Integer version) {

    public RegisterRequest {
        references = references == null ? List.of() : List.copyOf(references);
    }
}
