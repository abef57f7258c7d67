package dev.herald.registry.compatibility.json;

import java.util.Arrays;
import java.util.List;

/**
 * Compares two combinations (allOf, anyOf, oneOf): first the criterion (a change is compatible when the new
 * one accepts at least as much: towards anyOf, away from allOf, or between singletons), then the number of
 * branches, then a maximum matching of original branches to update branches that are compatible with them.
 * Stateless.
 */
final class CombinedDiff {
    private CombinedDiff() {
    }

    static void compare(DiffContext ctx, Node original, Node update) {
        List<Node> before = original.parts();
        List<Node> after = update.parts();
        if (original.kind() != update.kind()) {
            if (!criterionExtended(original.kind(), update.kind(), before.size(), after.size())) {
                ctx.add(Difference.Type.COMBINED_TYPE_CHANGED);
                return;
            }
            ctx.add(Difference.Type.COMBINED_TYPE_EXTENDED);
        }
        if (after.size() > before.size()) {
            ctx.add(update.kind() == Node.Kind.ALL_OF ? Difference.Type.PRODUCT_TYPE_EXTENDED
                    : Difference.Type.SUM_TYPE_EXTENDED);
        } else if (after.size() < before.size()) {
            ctx.add(original.kind() == Node.Kind.ALL_OF ? Difference.Type.PRODUCT_TYPE_NARROWED
                    : Difference.Type.SUM_TYPE_NARROWED);
        }
        matchBranches(ctx, original, before, after);
    }

    private static boolean criterionExtended(Node.Kind from, Node.Kind to, int fromSize, int toSize) {
        return from == Node.Kind.ALL_OF || to == Node.Kind.ANY_OF
                || (to == Node.Kind.ONE_OF && fromSize == 1)
                || (to == Node.Kind.ALL_OF && fromSize == 1 && toSize == 1);
    }

    private static void matchBranches(DiffContext ctx, Node original, List<Node> before, List<Node> after) {
        String keyword = switch (original.kind()) {
            case ALL_OF -> "allOf";
            case ANY_OF -> "anyOf";
            default -> "oneOf";
        };
        DiffContext[][] attempts = new DiffContext[before.size()][after.size()];
        boolean[][] compatible = new boolean[before.size()][after.size()];
        for (int i = 0; i < before.size(); i++) {
            for (int j = 0; j < after.size(); j++) {
                attempts[i][j] = ctx.at(keyword + "/" + i).scratch();
                SchemaDiff.compare(attempts[i][j], before.get(i), after.get(j));
                compatible[i][j] = attempts[i][j].isCompatible();
            }
        }
        int[] matchOfUpdate = maximumMatching(compatible, before.size(), after.size());
        long matched = Arrays.stream(matchOfUpdate).filter(i -> i >= 0).count();
        if (matched < Math.min(before.size(), after.size())) {
            ctx.add(Difference.Type.COMBINED_TYPE_SUBSCHEMAS_CHANGED);
            return;
        }
        for (int j = 0; j < after.size(); j++) {
            if (matchOfUpdate[j] >= 0) {
                ctx.addAll(attempts[matchOfUpdate[j]][j]);
            }
        }
    }

    /** Kuhn's augmenting-path matching; returns, per update branch, the matched original branch or -1. */
    private static int[] maximumMatching(boolean[][] compatible, int originals, int updates) {
        int[] matchOfUpdate = new int[updates];
        Arrays.fill(matchOfUpdate, -1);
        for (int i = 0; i < originals; i++) {
            augment(i, compatible, matchOfUpdate, new boolean[updates]);
        }
        return matchOfUpdate;
    }

    private static boolean augment(int i, boolean[][] compatible, int[] matchOfUpdate, boolean[] seen) {
        for (int j = 0; j < matchOfUpdate.length; j++) {
            if (compatible[i][j] && !seen[j]) {
                seen[j] = true;
                if (matchOfUpdate[j] < 0 || augment(matchOfUpdate[j], compatible, matchOfUpdate, seen)) {
                    matchOfUpdate[j] = i;
                    return true;
                }
            }
        }
        return false;
    }
}
