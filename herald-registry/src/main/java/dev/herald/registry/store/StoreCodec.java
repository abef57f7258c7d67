package dev.herald.registry.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.registry.format.SchemaReference;
import dev.herald.registry.format.SchemaType;

import java.util.ArrayList;
import java.util.List;

/**
 * Encodes and decodes records of the {@code _schemas} topic in Confluent's JSON layout, so that Confluent's
 * and Karapace's backup tools can read Herald's store and vice versa. Stateless and thread-safe.
 *
 * <pre>
 * keytype  key (field order as written)                                       value
 * -------  -----------------------------------------------------------------  ----------------------------------
 * SCHEMA   {"keytype":"SCHEMA","subject":"s","version":1,"magic":1}           {"subject","version","id",
 *                                                                               "schemaType" (omitted for AVRO),
 *                                                                               "references","metadata","ruleSet",
 *                                                                               "schema","deleted"} | null
 * CONFIG   {"keytype":"CONFIG","subject":"s"|null,"magic":0}                  {"compatibilityLevel":..., ...} | null
 * MODE     {"keytype":"MODE","subject":"s"|null,"magic":0}                    {"mode":"READWRITE"} | null
 * DELETE_SUBJECT {"keytype":"DELETE_SUBJECT","subject":"s","magic":0}        {"subject":"s","version":n}
 * NOOP     {"keytype":"NOOP","magic":0}                                       (ignored)
 * </pre>
 */
public final class StoreCodec {
    static final ObjectMapper JSON = new ObjectMapper();

    private StoreCodec() {
    }

    public static String schemaKey(String subject, int version) {
        ObjectNode key = JSON.createObjectNode();
        key.put("keytype", "SCHEMA").put("subject", subject).put("version", version).put("magic", 1);
        return key.toString();
    }

    public static String configKey(String subjectOrNull) {
        ObjectNode key = JSON.createObjectNode().put("keytype", "CONFIG");
        key.put("subject", subjectOrNull);
        return key.put("magic", 0).toString();
    }

    public static String modeKey(String subjectOrNull) {
        ObjectNode key = JSON.createObjectNode().put("keytype", "MODE");
        key.put("subject", subjectOrNull);
        return key.put("magic", 0).toString();
    }

    public static String schemaValue(SchemaVersion version) {
        ObjectNode value = JSON.createObjectNode();
        value.put("subject", version.subject()).put("version", version.version()).put("id", version.id());
        if (version.type() != SchemaType.AVRO) {
            value.put("schemaType", version.type().name());
        }
        if (!version.references().isEmpty()) {
            value.set("references", references(version.references()));
        }
        putIfPresent(value, "metadata", version.metadata());
        putIfPresent(value, "ruleSet", version.ruleSet());
        value.put("schema", version.schema()).put("deleted", version.deleted());
        return value.toString();
    }

    public static ArrayNode references(List<SchemaReference> references) {
        ArrayNode array = JSON.createArrayNode();
        for (SchemaReference reference : references) {
            array.addObject().put("name", reference.name()).put("subject", reference.subject())
                    .put("version", reference.version());
        }
        return array;
    }

    static SchemaVersion decodeSchema(JsonNode value) {
        SchemaType type = SchemaType.fromRest(value.path("schemaType").asText(null))
                .orElseThrow(() -> new IllegalArgumentException("unknown schemaType in " + value));
        return new SchemaVersion(value.path("subject").asText(), value.path("version").asInt(),
                value.path("id").asInt(), type, value.path("schema").asText(),
                decodeReferences(value.path("references")), nullIfMissing(value.get("metadata")),
                nullIfMissing(value.get("ruleSet")), value.path("deleted").asBoolean(false));
    }

    public static List<SchemaReference> decodeReferences(JsonNode array) {
        List<SchemaReference> references = new ArrayList<>();
        for (JsonNode reference : array) {
            references.add(new SchemaReference(reference.path("name").asText(), reference.path("subject").asText(),
                    reference.path("version").asInt()));
        }
        return references;
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + json, e);
        }
    }

    private static void putIfPresent(ObjectNode target, String field, JsonNode value) {
        if (value != null && !value.isNull()) {
            target.set(field, value);
        }
    }

    private static JsonNode nullIfMissing(JsonNode node) {
        return node == null || node.isNull() ? null : node;
    }
}
