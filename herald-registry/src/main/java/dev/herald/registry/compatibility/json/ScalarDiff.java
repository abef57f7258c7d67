package dev.herald.registry.compatibility.json;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Keyword rules for strings, numbers, enums/consts and {@code not}, plus the bound comparison shared by every
 * {@code min*}/{@code max*} keyword. Stateless.
 */
final class ScalarDiff {
    private ScalarDiff() {
    }

    static void string(DiffContext ctx, Node original, Node update) {
        bound(ctx, original, update, "maxLength", "MAX_LENGTH");
        bound(ctx, original, update, "minLength", "MIN_LENGTH");
        JsonNode before = original.keyword("pattern");
        JsonNode after = update.keyword("pattern");
        if (before != null && after == null) {
            ctx.at("pattern").add(Difference.Type.PATTERN_REMOVED);
        } else if (before == null && after != null) {
            ctx.at("pattern").add(Difference.Type.PATTERN_ADDED);
        } else if (before != null && !before.equals(after)) {
            ctx.at("pattern").add(Difference.Type.PATTERN_CHANGED);
        }
    }

    static void number(DiffContext ctx, Node original, Node update) {
        bound(ctx, original, update, "maximum", "MAXIMUM");
        bound(ctx, original, update, "minimum", "MINIMUM");
        exclusiveBound(ctx, original, update, "exclusiveMaximum", "EXCLUSIVE_MAXIMUM");
        exclusiveBound(ctx, original, update, "exclusiveMinimum", "EXCLUSIVE_MINIMUM");
        multipleOf(ctx, original, update);
    }

    /** Draft-06+ numbers compare as bounds; a draft-04 boolean turning true narrows, turning false widens. */
    private static void exclusiveBound(DiffContext ctx, Node original, Node update, String keyword, String prefix) {
        JsonNode before = original.keyword(keyword);
        JsonNode after = update.keyword(keyword);
        if ((before == null || before.isBoolean()) && (after == null || after.isBoolean())) {
            boolean was = before != null && before.asBoolean();
            boolean is = after != null && after.asBoolean();
            if (was != is) {
                ctx.at(keyword).add(Difference.Type.valueOf(prefix + (is ? "_ADDED" : "_REMOVED")));
            }
            return;
        }
        bound(ctx.at(keyword), decimal(before), decimal(after), prefix);
    }

    private static void multipleOf(DiffContext ctx, Node original, Node update) {
        BigDecimal before = decimal(original.keyword("multipleOf"));
        BigDecimal after = decimal(update.keyword("multipleOf"));
        DiffContext at = ctx.at("multipleOf");
        if (before != null && after == null) {
            at.add(Difference.Type.MULTIPLE_OF_REMOVED);
        } else if (before == null && after != null) {
            at.add(Difference.Type.MULTIPLE_OF_ADDED);
        } else if (before != null && before.compareTo(after) != 0) {
            if (divides(after, before)) {
                at.add(Difference.Type.MULTIPLE_OF_REDUCED);
            } else if (divides(before, after)) {
                at.add(Difference.Type.MULTIPLE_OF_EXPANDED);
            } else {
                at.add(Difference.Type.MULTIPLE_OF_CHANGED);
            }
        }
    }

    private static boolean divides(BigDecimal divisor, BigDecimal value) {
        return divisor.signum() != 0 && value.remainder(divisor).signum() == 0;
    }

    /**
     * A {@code min*}/{@code max*} keyword: reports _ADDED, _REMOVED, _INCREASED or _DECREASED; whether that is
     * safe depends on the keyword (a maximum may grow or go, a minimum may shrink or go) and is decided by the
     * compatible sets in {@link Difference}.
     */
    static void bound(DiffContext ctx, Node original, Node update, String keyword, String prefix) {
        bound(ctx.at(keyword), decimal(original.keyword(keyword)), decimal(update.keyword(keyword)), prefix);
    }

    private static void bound(DiffContext at, BigDecimal before, BigDecimal after, String prefix) {
        if (before != null && after == null) {
            at.add(Difference.Type.valueOf(prefix + "_REMOVED"));
        } else if (before == null && after != null) {
            at.add(Difference.Type.valueOf(prefix + "_ADDED"));
        } else if (before != null && before.compareTo(after) != 0) {
            at.add(Difference.Type.valueOf(prefix + (after.compareTo(before) > 0 ? "_INCREASED" : "_DECREASED")));
        }
    }

    private static BigDecimal decimal(JsonNode value) {
        return value == null || !value.isNumber() ? null : value.decimalValue();
    }

    static void enumeration(DiffContext ctx, Node original, Node update) {
        List<JsonNode> before = values(original);
        List<JsonNode> after = values(update);
        DiffContext at = ctx.at(original.keyword("enum") != null ? "enum" : "const");
        if (before.size() == after.size() && after.containsAll(before)) {
            return;
        }
        if (after.containsAll(before)) {
            at.add(Difference.Type.ENUM_ARRAY_EXTENDED);
        } else if (before.containsAll(after)) {
            at.add(Difference.Type.ENUM_ARRAY_NARROWED);
        } else {
            at.add(Difference.Type.ENUM_ARRAY_CHANGED);
        }
    }

    private static List<JsonNode> values(Node node) {
        List<JsonNode> values = new ArrayList<>();
        JsonNode enumeration = node.keyword("enum");
        if (enumeration != null) {
            enumeration.forEach(values::add);
        } else if (node.keyword("const") != null) {
            values.add(node.keyword("const"));
        }
        return values;
    }

    /** {@code not}: the new schema may forbid less, so the forbidden schemas are compared in reverse. */
    static void not(DiffContext ctx, Node original, Node update) {
        DiffContext at = ctx.at("not");
        DiffContext reversed = at.scratch();
        SchemaDiff.compare(reversed, update.parts().getFirst(), original.parts().getFirst());
        if (reversed.differences().isEmpty()) {
            return;
        }
        at.add(reversed.isCompatible() ? Difference.Type.NOT_TYPE_NARROWED : Difference.Type.NOT_TYPE_EXTENDED);
    }
}
