package dev.herald.registry.format;

import java.util.Locale;
import java.util.Optional;

/**
 * How strictly JSON Schema content models are compared (Confluent's {@code compatibilityPolicy}): STRICT is the
 * default; LENIENT accepts additions and removals that are only unsafe when old data carries unknown
 * properties. Other formats ignore it.
 */
public enum CompatibilityPolicy {
    STRICT, LENIENT;

    public static Optional<CompatibilityPolicy> fromRest(String value) {
        if (value == null || value.isBlank()) {
            return Optional.of(STRICT);
        }
        try {
            return Optional.of(valueOf(value.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException unknown) {
            return Optional.empty();
        }
    }
}
