package dev.herald.registry.compatibility.json;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Object keyword rules, built on content models. An object schema is <b>open</b> when any extra property is
 * allowed ({@code additionalProperties} absent or true, no {@code patternProperties}, {@code unevaluatedProperties}
 * absent or true), <b>closed</b> when none is ({@code additionalProperties: false}), and <b>partially open</b>
 * when extra properties must match a schema ({@code additionalProperties} or {@code unevaluatedProperties} is a
 * schema, or a {@code patternProperties} pattern matches). Adding a typed property to an open model is unsafe
 * under STRICT (old data may carry that name with any value); removing a property from a closed model is.
 * Stateless.
 */
final class ObjectDiff {
    private ObjectDiff() {
    }

    static void compare(DiffContext ctx, Node original, Node update) {
        ScalarDiff.bound(ctx, original, update, "maxProperties", "MAX_PROPERTIES");
        ScalarDiff.bound(ctx, original, update, "minProperties", "MIN_PROPERTIES");
        extraSchema(ctx, original, update, "additionalProperties", "ADDITIONAL_PROPERTIES");
        extraSchema(ctx, original, update, "unevaluatedProperties", "UNEVALUATED_PROPERTIES");
        dependencies(ctx, original, update);
        properties(ctx, original, update);
    }

    /**
     * {@code additionalProperties}/{@code unevaluatedProperties} (and the array analogues): absent counts as
     * true. false → anything is ADDED; schema → true is EXTENDED; true → schema is NARROWED; → false is REMOVED.
     */
    static void extraSchema(DiffContext ctx, Node original, Node update, String keyword, String prefix) {
        JsonNode before = original.keyword(keyword);
        JsonNode after = update.keyword(keyword);
        DiffContext at = ctx.at(keyword);
        boolean beforeTrue = JsonTrue.isTrueOrAbsent(before);
        boolean afterTrue = JsonTrue.isTrueOrAbsent(after);
        boolean beforeFalse = before != null && before.isBoolean() && !before.asBoolean();
        boolean afterFalse = after != null && after.isBoolean() && !after.asBoolean();
        if (beforeTrue && afterTrue || beforeFalse && afterFalse) {
            return;
        }
        if (beforeFalse) {
            at.add(Difference.Type.valueOf(prefix + "_ADDED"));
        } else if (afterFalse) {
            at.add(Difference.Type.valueOf(prefix + "_REMOVED"));
        } else if (afterTrue) {
            at.add(Difference.Type.valueOf(prefix + "_EXTENDED"));
        } else if (beforeTrue) {
            at.add(Difference.Type.valueOf(prefix + "_NARROWED"));
        } else {
            SchemaDiff.compare(at, original.child(before), update.child(after));
        }
    }

    private static void dependencies(DiffContext ctx, Node original, Node update) {
        Map<String, JsonNode> before = JsonTrue.dependencies(original.json());
        Map<String, JsonNode> after = JsonTrue.dependencies(update.json());
        DiffContext at = ctx.at("dependencies");
        for (Map.Entry<String, JsonNode> entry : before.entrySet()) {
            JsonNode old = entry.getValue();
            JsonNode now = after.get(entry.getKey());
            DiffContext here = at.at(entry.getKey());
            if (old.isArray()) {
                dependencyArray(here, old, now);
            } else if (now == null) {
                here.add(Difference.Type.DEPENDENCY_SCHEMA_REMOVED);
            } else if (now.isArray()) {
                here.add(Difference.Type.DEPENDENCY_SCHEMA_REMOVED);
                here.add(Difference.Type.DEPENDENCY_ARRAY_ADDED);
            } else {
                SchemaDiff.compare(here, original.child(old), update.child(now));
            }
        }
        for (Map.Entry<String, JsonNode> entry : after.entrySet()) {
            if (!before.containsKey(entry.getKey())) {
                at.at(entry.getKey()).add(entry.getValue().isArray() ? Difference.Type.DEPENDENCY_ARRAY_ADDED
                        : Difference.Type.DEPENDENCY_SCHEMA_ADDED);
            }
        }
    }

    private static void dependencyArray(DiffContext here, JsonNode old, JsonNode now) {
        if (now == null || !now.isArray()) {
            here.add(Difference.Type.DEPENDENCY_ARRAY_REMOVED);
            if (now != null) {
                here.add(Difference.Type.DEPENDENCY_SCHEMA_ADDED);
            }
            return;
        }
        Set<JsonNode> before = JsonTrue.set(old);
        Set<JsonNode> after = JsonTrue.set(now);
        if (before.equals(after)) {
            return;
        }
        if (after.containsAll(before)) {
            here.add(Difference.Type.DEPENDENCY_ARRAY_EXTENDED);
        } else if (before.containsAll(after)) {
            here.add(Difference.Type.DEPENDENCY_ARRAY_NARROWED);
        } else {
            here.add(Difference.Type.DEPENDENCY_ARRAY_CHANGED);
        }
    }

    private static void properties(DiffContext ctx, Node original, Node update) {
        JsonNode before = properties(original);
        JsonNode after = properties(update);
        Set<String> requiredBefore = required(original);
        Set<String> requiredAfter = required(update);
        DiffContext at = ctx.at("properties");
        for (Iterator<String> names = after.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            JsonNode now = after.get(name);
            if (before.has(name)) {
                SchemaDiff.compare(at.at(name), original.child(before.get(name)), update.child(now));
                if (requiredAfter.contains(name) && !requiredBefore.contains(name)) {
                    ctx.at("required").at(name).add(now.has("default")
                            ? Difference.Type.REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED : Difference.Type.REQUIRED_ATTRIBUTE_ADDED);
                }
            } else {
                propertyAdded(at.at(name), original, update.child(now), requiredAfter.contains(name), now.has("default"), name);
            }
        }
        for (Iterator<String> names = before.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!after.has(name)) {
                propertyRemoved(at.at(name), original.child(before.get(name)), update, name);
            }
        }
        for (String name : requiredBefore) {
            if (!requiredAfter.contains(name)) {
                ctx.at("required").at(name).add(Difference.Type.REQUIRED_ATTRIBUTE_REMOVED);
            }
        }
    }

    private static void propertyAdded(DiffContext at, Node original, Node added, boolean required, boolean hasDefault,
                                      String name) {
        if (isOpen(original)) {
            if (added.kind() == Node.Kind.TRUE) {
                at.add(Difference.Type.PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL);
            } else if (required) {
                at.add(hasDefault ? Difference.Type.REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL
                        : Difference.Type.REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL);
            } else {
                at.add(Difference.Type.OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL);
            }
            return;
        }
        JsonNode partial = partialSchema(original, name);
        if (partial != null) {
            DiffContext attempt = at.scratch();
            SchemaDiff.compare(attempt, original.child(partial), added);
            at.addAll(attempt);
            at.add(attempt.isCompatible() ? Difference.Type.PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL
                    : Difference.Type.PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL);
        }
        if (required) {
            at.add(hasDefault ? Difference.Type.REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL
                    : Difference.Type.REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL);
        } else {
            at.add(Difference.Type.OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL);
        }
    }

    private static void propertyRemoved(DiffContext at, Node removed, Node update, String name) {
        if (isOpen(update)) {
            at.add(Difference.Type.PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL);
            return;
        }
        JsonNode partial = partialSchema(update, name);
        if (partial != null) {
            DiffContext attempt = at.scratch();
            SchemaDiff.compare(attempt, removed, update.child(partial));
            at.addAll(attempt);
            at.add(attempt.isCompatible() ? Difference.Type.PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL
                    : Difference.Type.PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL);
        } else if (removed.kind() == Node.Kind.FALSE) {
            at.add(Difference.Type.PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL);
        } else {
            at.add(Difference.Type.PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL);
        }
    }

    static boolean isOpen(Node node) {
        return JsonTrue.isTrueOrAbsent(node.keyword("additionalProperties"))
                && node.keyword("patternProperties") == null
                && JsonTrue.isTrueOrAbsent(node.keyword("unevaluatedProperties"));
    }

    /** The schema that governs an undeclared property {@code name}: a matching pattern, else the extra schema. */
    private static JsonNode partialSchema(Node node, String name) {
        JsonNode patterns = node.keyword("patternProperties");
        if (patterns != null) {
            for (Map.Entry<String, JsonNode> pattern : patterns.properties()) {
                if (matches(pattern.getKey(), name)) {
                    return pattern.getValue();
                }
            }
        }
        for (String keyword : new String[] {"additionalProperties", "unevaluatedProperties"}) {
            JsonNode extra = node.keyword(keyword);
            if (extra != null && extra.isObject()) {
                return extra;
            }
        }
        return null;
    }

    private static boolean matches(String regex, String name) {
        try {
            return Pattern.compile(regex).matcher(name).find();
        } catch (PatternSyntaxException e) {
            return false;
        }
    }

    private static JsonNode properties(Node node) {
        JsonNode properties = node.keyword("properties");
        return properties == null ? JsonTrue.EMPTY : properties;
    }

    private static Set<String> required(Node node) {
        Set<String> names = new HashSet<>();
        JsonNode required = node.keyword("required");
        if (required != null) {
            required.forEach(n -> names.add(n.asText()));
        }
        return names;
    }
}
