package dev.herald.registry.compatibility.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.registry.format.InvalidSchemaException;
import dev.herald.registry.format.ParsedSchema;
import dev.herald.registry.format.ResolvedReference;
import dev.herald.registry.format.SchemaFormat;
import dev.herald.registry.format.SchemaType;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses JSON Schema documents (drafts 04 to 2020-12): the text must be JSON, every {@code $ref} must resolve
 * (locally or to a referenced schema registered under the {@code $ref}'s document name) and keywords must have
 * the right JSON types. Stateless and thread-safe.
 */
public final class JsonSchemaFormat implements SchemaFormat {
    static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public SchemaType type() {
        return SchemaType.JSON;
    }

    @Override
    public ParsedSchema parse(String schema, List<ResolvedReference> references, Map<String, String> metadata)
            throws InvalidSchemaException {
        JsonNode root = read(schema, "schema");
        Map<String, JsonNode> documents = new LinkedHashMap<>();
        for (ResolvedReference reference : references) {
            documents.put(reference.name(), read(reference.schema(), "referenced schema " + reference.name()));
        }
        new SchemaLoader(root, documents).validate();
        return new JsonParsedSchema(root, documents);
    }

    private static JsonNode read(String text, String what) throws InvalidSchemaException {
        try {
            JsonNode node = JSON.readTree(text);
            if (node == null || !(node.isObject() || node.isBoolean())) {
                throw new InvalidSchemaException("Invalid JSON Schema: the " + what + " must be a JSON object or boolean.");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new InvalidSchemaException("Invalid JSON Schema: the " + what + " is not valid JSON ("
                    + e.getOriginalMessage() + ").", e);
        }
    }
}
