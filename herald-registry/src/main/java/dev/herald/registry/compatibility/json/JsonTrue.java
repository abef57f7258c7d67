package dev.herald.registry.compatibility.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Small readings of JSON Schema keywords shared by the object and array rules. Stateless. */
final class JsonTrue {
    static final JsonNode TRUE = BooleanNode.TRUE;
    static final JsonNode EMPTY = JsonNodeFactory.instance.objectNode();

    private JsonTrue() {
    }

    /** Absent, {@code true} and {@code {}} all allow anything. */
    static boolean isTrueOrAbsent(JsonNode value) {
        return value == null || value.equals(TRUE) || (value.isObject() && value.isEmpty());
    }

    static Set<JsonNode> set(JsonNode array) {
        Set<JsonNode> values = new HashSet<>();
        array.forEach(values::add);
        return values;
    }

    /** {@code dependencies} (draft-07) merged with {@code dependentRequired}/{@code dependentSchemas} (2019-09+). */
    static Map<String, JsonNode> dependencies(JsonNode schema) {
        Map<String, JsonNode> all = new LinkedHashMap<>();
        for (String keyword : new String[] {"dependencies", "dependentRequired", "dependentSchemas"}) {
            JsonNode value = schema == null ? null : schema.get(keyword);
            if (value != null && value.isObject()) {
                value.properties().forEach(e -> all.put(e.getKey(), e.getValue()));
            }
        }
        return all;
    }
}
