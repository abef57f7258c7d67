package dev.herald.registry.compatibility.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/**
 * Compiles a JSON Schema document (with its referenced documents) into a networknt validator for checking
 * payloads. The root is placed at a fixed base URI so that references by relative name resolve to the
 * referenced documents. The draft comes from {@code $schema} (default draft-07, as Confluent). Stateless.
 */
final class PayloadSchemas {
    private static final URI BASE = URI.create("https://registry.herald.invalid/schemas/root.json");

    private PayloadSchemas() {
    }

    static Schema compile(JsonNode root, Map<String, JsonNode> documents) {
        Map<String, String> byUri = new HashMap<>();
        documents.forEach((name, document) -> {
            byUri.put(BASE.resolve(name).toString(), document.toString());
            byUri.put(name, document.toString());
        });
        SpecificationVersion draft = SpecificationVersion.fromSchemaNode(root).orElse(SpecificationVersion.DRAFT_7);
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(draft, builder -> builder.schemas(byUri));
        return registry.getSchema(SchemaLocation.of(BASE.toString()), root);
    }
}
