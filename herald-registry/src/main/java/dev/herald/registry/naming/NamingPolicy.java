package dev.herald.registry.naming;

import java.util.Locale;
import java.util.Optional;

/** What the registry does with an event name that reads as a command: nothing, a warning, or a refusal. */
public enum NamingPolicy {
    OFF, WARN, REJECT;

    public static Optional<NamingPolicy> fromName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(name.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException unknown) {
            return Optional.empty();
        }
    }
}
