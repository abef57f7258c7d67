package dev.herald.registry.store;

import java.util.function.Consumer;

/**
 * The registry's durable log of {@link LogRecord}s, a compacted topic in production. The registry's whole
 * state is a replay of this log.
 *
 * <p>Threading: {@link #start} is called once; afterwards the log delivers every record, in log order, to the
 * applier on a single thread of its own choosing. {@link #append} may be called from any thread and returns
 * only after the appended record has been delivered to the applier (read-your-writes).
 */
public interface SchemaLog extends AutoCloseable {

    /** Delivers every record already in the log to {@code applier}, then keeps delivering new ones. */
    void start(Consumer<LogRecord> applier);

    /** Appends a record and waits until it has been applied; throws {@link StoreException} on failure. */
    void append(LogRecord record);

    @Override
    void close();
}
