package dev.herald.registry.subject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The metadata and rule set a new version gets, as Confluent computes them: what the request carries, or else
 * what the subject's latest version carries (so tags such as PII survive an evolution registered by a
 * serializer that sends none), merged over the config's {@code defaultMetadata}/{@code defaultRuleSet} and
 * under its {@code overrideMetadata}/{@code overrideRuleSet}. Stateless.
 *
 * <pre>
 * result = merge(merge(default, request ?: previous), override)
 * metadata merge: tags and properties by key (later wins), sensitive as a set union
 * rule-set merge: domainRules, migrationRules, encodingRules by rule name (later wins), order kept
 * </pre>
 */
final class DataContracts {
    private DataContracts() {
    }

    static JsonNode metadata(JsonNode requested, JsonNode previous, JsonNode defaults, JsonNode overrides) {
        return merge(merge(defaults, requested != null ? requested : previous, DataContracts::mergeMetadata),
                overrides, DataContracts::mergeMetadata);
    }

    static JsonNode ruleSet(JsonNode requested, JsonNode previous, JsonNode defaults, JsonNode overrides) {
        return merge(merge(defaults, requested != null ? requested : previous, DataContracts::mergeRuleSets),
                overrides, DataContracts::mergeRuleSets);
    }

    private interface Merge {
        ObjectNode apply(ObjectNode base, JsonNode overlay);
    }

    private static JsonNode merge(JsonNode base, JsonNode overlay, Merge merge) {
        if (!present(base)) {
            return present(overlay) ? overlay : null;
        }
        if (!present(overlay)) {
            return base;
        }
        return merge.apply(((ObjectNode) base).deepCopy(), overlay);
    }

    private static boolean present(JsonNode node) {
        return node != null && node.isObject() && !node.isEmpty();
    }

    private static ObjectNode mergeMetadata(ObjectNode base, JsonNode overlay) {
        for (String field : new String[] {"tags", "properties"}) {
            if (overlay.has(field)) {
                ObjectNode target = base.has(field) ? (ObjectNode) base.get(field) : base.putObject(field);
                overlay.get(field).properties().forEach(e -> target.set(e.getKey(), e.getValue()));
            }
        }
        if (overlay.has("sensitive")) {
            ArrayNode target = base.has("sensitive") ? (ArrayNode) base.get("sensitive") : base.putArray("sensitive");
            overlay.get("sensitive").forEach(value -> {
                if (!contains(target, value)) {
                    target.add(value);
                }
            });
        }
        return base;
    }

    private static boolean contains(ArrayNode array, JsonNode value) {
        for (JsonNode element : array) {
            if (element.equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static ObjectNode mergeRuleSets(ObjectNode base, JsonNode overlay) {
        for (String field : new String[] {"domainRules", "migrationRules", "encodingRules"}) {
            if (!overlay.has(field)) {
                continue;
            }
            Map<String, JsonNode> byName = new LinkedHashMap<>();
            base.path(field).forEach(rule -> byName.put(rule.path("name").asText(), rule));
            overlay.get(field).forEach(rule -> byName.put(rule.path("name").asText(), rule));
            ArrayNode merged = base.putArray(field);
            byName.values().forEach(merged::add);
        }
        return base;
    }
}
