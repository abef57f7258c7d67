package dev.herald.registry.subject;

/** A version path segment: a number in [1, 2^31-1], or {@code latest} (also {@code -1}). Immutable. */
public record VersionSpec(int number) {
    static final int LATEST = -1;

    public static VersionSpec parse(String text) {
        if (text.equals("latest") || text.equals("-1")) {
            return new VersionSpec(LATEST);
        }
        try {
            int number = Integer.parseInt(text);
            if (number >= 1) {
                return new VersionSpec(number);
            }
        } catch (NumberFormatException notANumber) {
            // falls through to the Confluent error below
        }
        throw RegistryException.invalidVersion(text);
    }

    public boolean latest() {
        return number == LATEST;
    }
}
