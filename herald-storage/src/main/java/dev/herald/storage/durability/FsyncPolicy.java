package dev.herald.storage.durability;

/**
 * When appended data is forced to stable storage, and so what an acknowledgement promises.
 *
 * <ul>
 *   <li>{@link Always} (the default): every append is acknowledged only after an fsync covering it. Appends
 *       arriving while an fsync runs, to any partition, are covered together by the next one (group commit),
 *       so throughput stays high while an acknowledged write survives power loss.</li>
 *   <li>{@link Interval}: data is written to the OS at once and fsynced every {@code intervalMs}; an
 *       acknowledged write survives a process crash ({@code kill -9}) but up to one interval of writes can be
 *       lost on power loss. This is Apache Kafka's default behaviour (it relies on replication instead).</li>
 * </ul>
 */
public sealed interface FsyncPolicy {

    record Always() implements FsyncPolicy {
        @Override public String toString() { return "always"; }
    }

    record Interval(long intervalMs) implements FsyncPolicy {
        public Interval {
            if (intervalMs < 1) throw new IllegalArgumentException("fsync interval must be at least 1 ms, got " + intervalMs);
        }

        @Override public String toString() { return "interval:" + intervalMs; }
    }

    /** Parses {@code always} or {@code interval:MS} (e.g. {@code interval:1000}) as given on the command line. */
    static FsyncPolicy parse(String text) {
        String value = text.trim().toLowerCase(java.util.Locale.ROOT);
        if (value.equals("always")) return new Always();
        if (value.startsWith("interval")) {
            String ms = value.substring("interval".length()).replaceFirst("^[:=]", "");
            try {
                return new Interval(ms.isEmpty() ? 1000 : Long.parseLong(ms));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("fsync interval must be a number of milliseconds, got '" + ms + "'");
            }
        }
        throw new IllegalArgumentException("fsync policy must be 'always' or 'interval:MS', got '" + text + "'");
    }
}
