package dev.herald.registry.compatibility.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.herald.registry.format.CompatibilityPolicy;
import dev.herald.registry.format.ParsedSchema;
import dev.herald.registry.format.SchemaType;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

/**
 * A JSON Schema document with the documents it references. Compared with {@link SchemaDiff}. Canonical text is
 * compact JSON in the author's key order; the normal form sorts object keys. Immutable (the trees are never
 * modified after parsing) and thread-safe.
 */
final class JsonParsedSchema implements ParsedSchema {
    private static final JsonMapper SORTED = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

    private final JsonNode root;
    private final Map<String, JsonNode> documents;
    private final boolean normalized;
    private volatile com.networknt.schema.Schema payloadSchema;

    JsonParsedSchema(JsonNode root, Map<String, JsonNode> documents) {
        this(root, documents, false);
    }

    private JsonParsedSchema(JsonNode root, Map<String, JsonNode> documents, boolean normalized) {
        this.root = root;
        this.documents = documents;
        this.normalized = normalized;
    }

    @Override
    public SchemaType type() {
        return SchemaType.JSON;
    }

    @Override
    public String canonical() {
        if (!normalized) {
            return root.toString();
        }
        try {
            return SORTED.writeValueAsString(SORTED.treeToValue(root, Object.class));
        } catch (Exception e) {
            throw new IllegalStateException("cannot render schema " + root, e);
        }
    }

    @Override
    public ParsedSchema normalized() {
        return new JsonParsedSchema(root, documents, true);
    }

    @Override
    public List<String> backwardIncompatibilities(ParsedSchema previous, CompatibilityPolicy policy) {
        JsonParsedSchema old = (JsonParsedSchema) previous;
        DiffContext ctx = new DiffContext(policy == CompatibilityPolicy.LENIENT
                ? Difference.COMPATIBLE_LENIENT : Difference.COMPATIBLE_STRICT);
        try {
            SchemaDiff.compare(ctx, new SchemaLoader(old.root, old.documents).root(),
                    new SchemaLoader(root, documents).root());
        } catch (IllegalStateException unresolvable) {
            return List.of("{errorType:'UNRESOLVABLE_REFERENCE', description:'" + unresolvable.getMessage() + "'}");
        }
        return ctx.incompatible().stream()
                .map(d -> "{errorType:'" + d.type() + "', description:'Found incompatible change: " + d + "'}")
                .toList();
    }

    /** Parses the payload as UTF-8 JSON and validates it against this schema (networknt validator). */
    @Override
    public List<String> payloadProblems(ByteBuffer payload) {
        byte[] bytes = new byte[payload.remaining()];
        payload.duplicate().get(bytes);
        JsonNode value;
        try {
            value = JsonSchemaFormat.JSON.readTree(bytes);
        } catch (IOException e) {
            return List.of("payload is not JSON: " + e.getMessage());
        }
        if (value == null || value.isMissingNode()) {
            return List.of("payload is empty");
        }
        try {
            return payloadSchema().validate(value).stream().map(Object::toString).toList();
        } catch (RuntimeException e) {
            return List.of("cannot validate against this JSON Schema: " + e.getMessage());
        }
    }

    /** Compiled on first use and kept: a schema's validator is immutable once built. */
    private com.networknt.schema.Schema payloadSchema() {
        com.networknt.schema.Schema compiled = payloadSchema;
        if (compiled == null) {
            compiled = PayloadSchemas.compile(root, documents);
            payloadSchema = compiled;
        }
        return compiled;
    }

    @Override
    public List<String> eventNames() {
        JsonNode title = root.get("title");
        return title != null && title.isTextual() ? List.of(title.asText()) : List.of();
    }
}
