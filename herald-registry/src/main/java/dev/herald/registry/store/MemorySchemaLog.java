package dev.herald.registry.store;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A {@link SchemaLog} held in memory, for tests and for embedding without a broker. A new registry started on
 * the same instance replays it, which is how restart is tested without Kafka.
 *
 * <p>Threading: all methods synchronize on this object; records are applied on the appending thread.
 */
public final class MemorySchemaLog implements SchemaLog {
    private final List<LogRecord> records = new ArrayList<>();
    private Consumer<LogRecord> applier;

    @Override
    public synchronized void start(Consumer<LogRecord> applier) {
        this.applier = applier;
        records.forEach(applier);
    }

    @Override
    public synchronized void append(LogRecord record) {
        if (applier == null) {
            throw new IllegalStateException("append before start");
        }
        records.add(record);
        applier.accept(record);
    }

    /** A copy of every record appended so far, oldest first. */
    public synchronized List<LogRecord> records() {
        return List.copyOf(records);
    }

    @Override
    public synchronized void close() {
        applier = null;
    }
}
