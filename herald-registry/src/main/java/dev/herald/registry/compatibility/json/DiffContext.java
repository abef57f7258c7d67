package dev.herald.registry.compatibility.json;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects the {@link Difference}s of one comparison, tracks the JSON path being compared, and remembers
 * which (original, update) pairs of schemas are being compared so that recursive schemas terminate.
 * Confined to the comparing thread.
 */
final class DiffContext {
    private final Set<Difference.Type> compatible;
    private final Set<List<IdentityKey>> visiting;
    private final List<Difference> differences;
    private final String path;

    DiffContext(Set<Difference.Type> compatible) {
        this(compatible, new HashSet<>(), new ArrayList<>(), "#");
    }

    private DiffContext(Set<Difference.Type> compatible, Set<List<IdentityKey>> visiting,
                        List<Difference> differences, String path) {
        this.compatible = compatible;
        this.visiting = visiting;
        this.differences = differences;
        this.path = path;
    }

    /** The same comparison at a nested location: differences land in this context's list. */
    DiffContext at(String segment) {
        return new DiffContext(compatible, visiting, differences, path + "/" + segment);
    }

    /** A scratch context at the same location whose differences count only if the caller adds them. */
    DiffContext scratch() {
        return new DiffContext(compatible, visiting, new ArrayList<>(), path);
    }

    void add(Difference.Type type) {
        differences.add(new Difference(type, path.equals("#") ? "#/" : path));
    }

    void addAll(DiffContext other) {
        differences.addAll(other.differences);
    }

    boolean isCompatible() {
        return differences.stream().allMatch(d -> compatible.contains(d.type()));
    }

    List<Difference> differences() {
        return differences;
    }

    List<Difference> incompatible() {
        return differences.stream().filter(d -> !compatible.contains(d.type())).toList();
    }

    /** Marks a pair of schemas as under comparison; false when it already is (a recursive reference). */
    boolean enter(Node original, Node update) {
        return visiting.add(List.of(new IdentityKey(original.json()), new IdentityKey(update.json())));
    }

    void leave(Node original, Node update) {
        visiting.remove(List.of(new IdentityKey(original.json()), new IdentityKey(update.json())));
    }

    private record IdentityKey(Object target) {
        @Override
        public boolean equals(Object other) {
            return other instanceof IdentityKey key && key.target == target;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(target);
        }
    }
}
