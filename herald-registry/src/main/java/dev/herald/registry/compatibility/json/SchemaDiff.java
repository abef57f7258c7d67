package dev.herald.registry.compatibility.json;

import java.util.List;

/**
 * Compares two JSON Schemas the way Confluent's registry does: walks {@code original} (the previous version)
 * and {@code update} (the new one) together and records every {@link Difference}; the update is backward
 * compatible when all differences are in the policy's compatible set. This class handles references,
 * trivial schemas, type changes and combinations; keyword-level rules live in {@link ScalarDiff},
 * {@link ObjectDiff} and {@link ArrayDiff}. Stateless; each comparison has its own {@link DiffContext}.
 *
 * <pre>
 * original \ update   | plain             | anyOf/oneOf             | allOf
 * --------------------+-------------------+-------------------------+------------------------------
 * plain               | same kind: walk   | one branch reads it:    | every part reads it
 *                     | else TYPE_CHANGED |   SUM_TYPE_EXTENDED     |
 * allOf               | one part matches: PRODUCT_TYPE_NARROWED     | criterion + branch matching
 * anyOf/oneOf         | every branch read | criterion + branch matching (CombinedDiff)
 * </pre>
 */
final class SchemaDiff {
    private SchemaDiff() {
    }

    static void compare(DiffContext ctx, Node original, Node update) {
        if (original == null && update == null) {
            return;
        }
        if (original == null) {
            ctx.add(Difference.Type.SCHEMA_ADDED);
            return;
        }
        if (update == null) {
            ctx.add(Difference.Type.SCHEMA_REMOVED);
            return;
        }
        if (original.kind() == Node.Kind.REF || update.kind() == Node.Kind.REF) {
            compareReferences(ctx, original, update);
            return;
        }
        compareAnnotations(ctx, original, update);
        if (original.kind() == Node.Kind.FALSE || update.kind() == Node.Kind.TRUE) {
            return;
        }
        if (original.combined() || update.combined()) {
            compareCombinations(ctx, original, update);
        } else if (original.kind() != update.kind()) {
            compareKinds(ctx, original, update);
        } else {
            compareSameKind(ctx, original, update);
        }
    }

    private static void compareReferences(DiffContext ctx, Node original, Node update) {
        if (!ctx.enter(original, update)) {
            return;
        }
        try {
            compare(ctx, original.resolved(), update.resolved());
        } finally {
            ctx.leave(original, update);
        }
    }

    private static void compareAnnotations(DiffContext ctx, Node original, Node update) {
        annotation(ctx, original, update, "$id", Difference.Type.ID_CHANGED);
        annotation(ctx, original, update, "title", Difference.Type.TITLE_CHANGED);
        annotation(ctx, original, update, "description", Difference.Type.DESCRIPTION_CHANGED);
        annotation(ctx, original, update, "default", Difference.Type.DEFAULT_CHANGED);
    }

    private static void annotation(DiffContext ctx, Node original, Node update, String keyword, Difference.Type type) {
        String before = original.annotation(keyword);
        String after = update.annotation(keyword);
        if (before != null ? !before.equals(after) : after != null) {
            ctx.add(type);
        }
    }

    private static void compareCombinations(DiffContext ctx, Node original, Node update) {
        if (original.combined() && update.combined()) {
            CombinedDiff.compare(ctx, original, update);
        } else if (update.combined()) {
            toCombined(ctx, original, update);
        } else {
            fromCombined(ctx, original, update);
        }
    }

    /** A plain schema became a combination: some branch (anyOf/oneOf) or every part (allOf) must read it. */
    private static void toCombined(DiffContext ctx, Node original, Node update) {
        List<Node> parts = update.parts();
        if (update.kind() == Node.Kind.ALL_OF) {
            for (Node part : parts) {
                compare(ctx, original, part);
            }
            return;
        }
        for (Node branch : parts) {
            DiffContext attempt = ctx.scratch();
            compare(attempt, original, branch);
            if (attempt.isCompatible()) {
                ctx.addAll(attempt);
                ctx.add(Difference.Type.SUM_TYPE_EXTENDED);
                return;
            }
        }
        ctx.add(Difference.Type.TYPE_CHANGED);
    }

    /** A combination became a plain schema: one allOf part, or every anyOf/oneOf branch, must be readable. */
    private static void fromCombined(DiffContext ctx, Node original, Node update) {
        List<Node> parts = original.parts();
        if (parts.size() == 1) {
            compare(ctx, parts.getFirst(), update);
            return;
        }
        if (original.kind() == Node.Kind.ALL_OF) {
            for (Node part : parts) {
                DiffContext attempt = ctx.scratch();
                compare(attempt, part, update);
                if (attempt.isCompatible()) {
                    ctx.addAll(attempt);
                    ctx.add(Difference.Type.PRODUCT_TYPE_NARROWED);
                    return;
                }
            }
            ctx.add(Difference.Type.TYPE_CHANGED);
            return;
        }
        DiffContext all = ctx.scratch();
        for (Node branch : parts) {
            compare(all, branch, update);
        }
        if (all.isCompatible()) {
            ctx.addAll(all);
        } else {
            ctx.add(Difference.Type.SUM_TYPE_NARROWED);
        }
    }

    private static void compareKinds(DiffContext ctx, Node original, Node update) {
        if (original.numeric() && update.numeric()) {
            ctx.add(original.kind() == Node.Kind.INTEGER ? Difference.Type.TYPE_EXTENDED : Difference.Type.TYPE_NARROWED);
            ScalarDiff.number(ctx, original, update);
        } else {
            ctx.add(Difference.Type.TYPE_CHANGED);
        }
    }

    private static void compareSameKind(DiffContext ctx, Node original, Node update) {
        switch (original.kind()) {
            case STRING -> ScalarDiff.string(ctx, original, update);
            case NUMBER, INTEGER -> ScalarDiff.number(ctx, original, update);
            case ENUM -> ScalarDiff.enumeration(ctx, original, update);
            case NOT -> ScalarDiff.not(ctx, original, update);
            case OBJECT -> ObjectDiff.compare(ctx, original, update);
            case ARRAY -> ArrayDiff.compare(ctx, original, update);
            default -> { }
        }
    }
}
