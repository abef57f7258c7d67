package dev.herald.registry.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.registry.format.SchemaReference;
import dev.herald.registry.format.SchemaType;
import dev.herald.registry.store.SchemaVersion;
import dev.herald.registry.store.StoreCodec;
import dev.herald.registry.subject.RegisterRequest;
import dev.herald.registry.subject.RegistryException;

import java.util.List;

/**
 * Confluent's JSON entities, field for field: empty and null fields are omitted, and {@code schemaType} is
 * omitted for AVRO as Confluent 7.x does (every client defaults it to AVRO). Stateless.
 */
final class JsonShapes {
    private JsonShapes() {
    }

    /** {@code Schema} entity: subject, version, id, schemaType, references, metadata, ruleSet, schema. */
    static ObjectNode subjectVersion(SchemaVersion version) {
        ObjectNode node = RestExchange.JSON.createObjectNode();
        node.put("subject", version.subject()).put("version", version.version()).put("id", version.id());
        addSchemaFields(node, version);
        return node;
    }

    /** {@code SchemaString} entity of {@code GET /schemas/ids/{id}}. */
    static ObjectNode schemaById(SchemaVersion version) {
        ObjectNode node = RestExchange.JSON.createObjectNode();
        addSchemaFields(node, version);
        return node;
    }

    private static void addSchemaFields(ObjectNode node, SchemaVersion version) {
        if (version.type() != SchemaType.AVRO) {
            node.put("schemaType", version.type().name());
        }
        if (!version.references().isEmpty()) {
            node.set("references", StoreCodec.references(version.references()));
        }
        putIfPresent(node, "metadata", version.metadata());
        putIfPresent(node, "ruleSet", version.ruleSet());
        node.put("schema", version.schema());
    }

    private static void putIfPresent(ObjectNode node, String field, JsonNode value) {
        if (value != null && !value.isNull() && !value.isEmpty()) {
            node.set(field, value);
        }
    }

    static ArrayNode ints(List<Integer> values) {
        ArrayNode array = RestExchange.JSON.createArrayNode();
        values.forEach(array::add);
        return array;
    }

    static ArrayNode strings(List<String> values) {
        ArrayNode array = RestExchange.JSON.createArrayNode();
        values.forEach(array::add);
        return array;
    }

    /** Reads a register/lookup/compatibility body; {@code schema} must be a string. */
    static RegisterRequest registerRequest(JsonNode body) {
        JsonNode schema = body.get("schema");
        if (schema != null && !schema.isTextual() && !schema.isNull()) {
            throw new RegistryException(422, 42201, "Invalid schema: the \"schema\" field must be a JSON string "
                    + "holding the schema text (escape the schema's JSON).");
        }
        List<SchemaReference> references = StoreCodec.decodeReferences(body.path("references"));
        return new RegisterRequest(schema == null || schema.isNull() ? null : schema.asText(),
                body.path("schemaType").asText(null), references, nullIfEmpty(body.get("metadata")),
                nullIfEmpty(body.get("ruleSet")), intOrNull(body.get("id")), intOrNull(body.get("version")));
    }

    private static JsonNode nullIfEmpty(JsonNode node) {
        return node == null || node.isNull() || node.isEmpty() ? null : node;
    }

    private static Integer intOrNull(JsonNode node) {
        return node == null || !node.canConvertToInt() || node.asInt() <= 0 ? null : node.asInt();
    }
}
