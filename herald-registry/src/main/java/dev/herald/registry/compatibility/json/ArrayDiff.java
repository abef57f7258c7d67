package dev.herald.registry.compatibility.json;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Array keyword rules. An array schema has an optional tuple of positional item schemas ({@code items} as an
 * array up to draft 2019-09, {@code prefixItems} from 2020-12) and a schema for the remaining items
 * ({@code additionalItems}, or {@code items} next to {@code prefixItems}); without a tuple, {@code items} is
 * the schema of every item. Tuples follow the same open/closed/partially-open content-model rules as object
 * properties. Stateless.
 */
final class ArrayDiff {
    private ArrayDiff() {
    }

    static void compare(DiffContext ctx, Node original, Node update) {
        ScalarDiff.bound(ctx, original, update, "maxItems", "MAX_ITEMS");
        ScalarDiff.bound(ctx, original, update, "minItems", "MIN_ITEMS");
        ScalarDiff.bound(ctx, original, update, "maxContains", "MAX_CONTAINS");
        ScalarDiff.bound(ctx, original, update, "minContains", "MIN_CONTAINS");
        uniqueItems(ctx, original, update);
        extraItems(ctx, original, update);
        ObjectDiff.extraSchema(ctx, original, update, "unevaluatedItems", "UNEVALUATED_ITEMS");
        JsonNode containsBefore = original.keyword("contains");
        JsonNode containsAfter = update.keyword("contains");
        if (containsBefore != null || containsAfter != null) {
            SchemaDiff.compare(ctx.at("contains"), child(original, containsBefore), child(update, containsAfter));
        }
        allItems(ctx, original, update);
        tuple(ctx, original, update);
    }

    private static void uniqueItems(DiffContext ctx, Node original, Node update) {
        boolean before = original.keyword("uniqueItems") != null && original.keyword("uniqueItems").asBoolean();
        boolean after = update.keyword("uniqueItems") != null && update.keyword("uniqueItems").asBoolean();
        if (before != after) {
            ctx.at("uniqueItems").add(after ? Difference.Type.UNIQUE_ITEMS_ADDED : Difference.Type.UNIQUE_ITEMS_REMOVED);
        }
    }

    private static void extraItems(DiffContext ctx, Node original, Node update) {
        JsonNode before = extraItemsSchema(original);
        JsonNode after = extraItemsSchema(update);
        Node holderBefore = holder(original, before);
        Node holderAfter = holder(update, after);
        ObjectDiff.extraSchema(ctx, holderBefore, holderAfter, "additionalItems", "ADDITIONAL_ITEMS");
    }

    /** A stand-in node whose {@code additionalItems} is the schema of items after the tuple. */
    private static Node holder(Node node, JsonNode extra) {
        var object = JsonTrue.EMPTY.deepCopy();
        if (extra != null) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) object).set("additionalItems", extra);
        }
        return new Node(Node.Kind.ARRAY, object, List.of(), node.loader(), null, true);
    }

    private static void allItems(DiffContext ctx, Node original, Node update) {
        JsonNode before = allItemsSchema(original);
        JsonNode after = allItemsSchema(update);
        if (before != null || after != null) {
            SchemaDiff.compare(ctx.at("items"), child(original, before), child(update, after));
        }
    }

    private static void tuple(DiffContext ctx, Node original, Node update) {
        List<JsonNode> before = tupleOf(original);
        List<JsonNode> after = tupleOf(update);
        DiffContext at = ctx.at("items");
        for (int i = 0; i < Math.max(before.size(), after.size()); i++) {
            DiffContext here = at.at(Integer.toString(i));
            if (i < before.size() && i < after.size()) {
                SchemaDiff.compare(here, original.child(before.get(i)), update.child(after.get(i)));
            } else if (i < after.size()) {
                itemAdded(here, original, update.child(after.get(i)));
            } else {
                itemRemoved(here, original.child(before.get(i)), update);
            }
        }
    }

    private static void itemAdded(DiffContext here, Node original, Node added) {
        JsonNode extra = extraItemsSchema(original);
        if (JsonTrue.isTrueOrAbsent(extra)) {
            here.add(added.kind() == Node.Kind.TRUE ? Difference.Type.ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL
                    : Difference.Type.ITEM_ADDED_TO_OPEN_CONTENT_MODEL);
        } else if (extra.isBoolean()) {
            here.add(Difference.Type.ITEM_ADDED_TO_CLOSED_CONTENT_MODEL);
        } else {
            DiffContext attempt = here.scratch();
            SchemaDiff.compare(attempt, original.child(extra), added);
            here.addAll(attempt);
            here.add(attempt.isCompatible() ? Difference.Type.ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL
                    : Difference.Type.ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL);
        }
    }

    private static void itemRemoved(DiffContext here, Node removed, Node update) {
        JsonNode extra = extraItemsSchema(update);
        if (JsonTrue.isTrueOrAbsent(extra)) {
            here.add(Difference.Type.ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL);
        } else if (extra.isBoolean()) {
            here.add(removed.kind() == Node.Kind.FALSE ? Difference.Type.ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL
                    : Difference.Type.ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL);
        } else {
            DiffContext attempt = here.scratch();
            SchemaDiff.compare(attempt, removed, update.child(extra));
            here.addAll(attempt);
            here.add(attempt.isCompatible() ? Difference.Type.ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL
                    : Difference.Type.ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL);
        }
    }

    private static List<JsonNode> tupleOf(Node node) {
        List<JsonNode> items = new ArrayList<>();
        JsonNode prefix = node.keyword("prefixItems");
        JsonNode tuple = prefix != null ? prefix : node.keyword("items");
        if (tuple != null && tuple.isArray()) {
            tuple.forEach(items::add);
        }
        return items;
    }

    private static JsonNode allItemsSchema(Node node) {
        JsonNode items = node.keyword("items");
        return node.keyword("prefixItems") == null && items != null && !items.isArray() ? items : null;
    }

    /** What governs items after the tuple: {@code additionalItems} / {@code items}, else {@code unevaluatedItems}. */
    private static JsonNode extraItemsSchema(Node node) {
        JsonNode extra = node.keyword("prefixItems") != null ? node.keyword("items") : node.keyword("additionalItems");
        if (JsonTrue.isTrueOrAbsent(extra) && !JsonTrue.isTrueOrAbsent(node.keyword("unevaluatedItems"))) {
            return node.keyword("unevaluatedItems");
        }
        return extra;
    }

    private static Node child(Node node, JsonNode schema) {
        return schema == null ? null : node.child(schema);
    }
}
