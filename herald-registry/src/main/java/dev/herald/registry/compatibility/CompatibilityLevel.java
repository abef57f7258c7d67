package dev.herald.registry.compatibility;

import dev.herald.registry.format.CompatibilityPolicy;
import dev.herald.registry.format.ParsedSchema;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Confluent's compatibility levels. BACKWARD means the new schema can read data written with the previous
 * one; FORWARD the reverse; FULL both. Plain levels check only the latest version, the transitive ones every
 * live version. Immutable.
 */
public enum CompatibilityLevel {
    NONE(false, false, false),
    BACKWARD(true, false, false),
    BACKWARD_TRANSITIVE(true, false, true),
    FORWARD(false, true, false),
    FORWARD_TRANSITIVE(false, true, true),
    FULL(true, true, false),
    FULL_TRANSITIVE(true, true, true);

    public static final String VALID_VALUES = "Invalid compatibility level. Valid values are none, backward, "
            + "forward, full, backward_transitive, forward_transitive, and full_transitive";

    private final boolean backward;
    private final boolean forward;
    private final boolean transitive;

    CompatibilityLevel(boolean backward, boolean forward, boolean transitive) {
        this.backward = backward;
        this.forward = forward;
        this.transitive = transitive;
    }

    /** Level names are case-insensitive, as in Confluent's registry. */
    public static Optional<CompatibilityLevel> fromName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(name.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException unknown) {
            return Optional.empty();
        }
    }

    /**
     * Why {@code candidate} may not follow {@code previous} (oldest first) under this level; empty when it may.
     * Stops at the first incompatible version, newest first, as Confluent's checker does.
     */
    public List<String> check(ParsedSchema candidate, List<ParsedSchema> previous, CompatibilityPolicy policy) {
        List<String> messages = new ArrayList<>();
        if (this == NONE || previous.isEmpty()) {
            return messages;
        }
        List<ParsedSchema> against = transitive ? previous.reversed() : List.of(previous.getLast());
        for (ParsedSchema old : against) {
            messages.addAll(checkPair(candidate, old, policy));
            if (!messages.isEmpty()) {
                break;
            }
        }
        return messages;
    }

    private List<String> checkPair(ParsedSchema candidate, ParsedSchema old, CompatibilityPolicy policy) {
        if (candidate.type() != old.type()) {
            return List.of("Incompatible because of different schema type");
        }
        List<String> messages = new ArrayList<>();
        if (backward) {
            messages.addAll(candidate.backwardIncompatibilities(old, policy));
        }
        if (forward) {
            messages.addAll(old.backwardIncompatibilities(candidate, policy));
        }
        return messages;
    }
}
