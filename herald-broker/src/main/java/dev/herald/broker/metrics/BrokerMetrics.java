package dev.herald.broker.metrics;

import dev.herald.storage.durability.FsyncPolicy;
import dev.herald.storage.durability.GroupCommit;
import dev.herald.storage.log.LogDirectory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.protocol.ApiKeys;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Operator metrics of the broker, recorded into a Micrometer registry that the server exposes in Prometheus format:
 * request latency per API ({@code herald_request_seconds}), bytes and records produced per topic
 * ({@code herald_topic_bytes_in_total}, {@code herald_topic_records_in_total}), bytes fetched per topic
 * ({@code herald_topic_bytes_out_total}), open connections ({@code herald_connections}), and the group-commit fsync
 * rounds: their duration ({@code herald_fsync_seconds}) and how many appends each made durable
 * ({@code herald_fsync_writes}); under {@code --fsync interval:MS}, the duration of each periodic flush of every
 * partition instead ({@code herald_interval_flush_seconds}).
 *
 * <p>Threading: thread-safe; meters are created once per API or topic and cached, so the hot path is a map lookup
 * and an atomic add.
 */
public final class BrokerMetrics {
    private final MeterRegistry registry;
    private final Map<ApiKeys, Timer> requestTimers = new ConcurrentHashMap<>();
    private final Map<String, Counter> bytesIn = new ConcurrentHashMap<>();
    private final Map<String, Counter> recordsIn = new ConcurrentHashMap<>();
    private final Map<String, Counter> bytesOut = new ConcurrentHashMap<>();

    public BrokerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Metrics that go nowhere; for tests and embedders that do not collect them. */
    public static BrokerMetrics discarding() {
        return new BrokerMetrics(new SimpleMeterRegistry());
    }

    public MeterRegistry registry() { return registry; }

    public void request(ApiKeys key, long nanos) {
        requestTimers.computeIfAbsent(key, k -> Timer.builder("herald.request").description("Time to handle a Kafka request, by API")
                .tag("api", k.name).publishPercentiles(0.5, 0.99).register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }

    public void produced(String topic, int bytes, int records) {
        counter(bytesIn, "herald.topic.bytes.in", topic).increment(bytes);
        counter(recordsIn, "herald.topic.records.in", topic).increment(records);
    }

    public void fetched(String topic, int bytes) {
        counter(bytesOut, "herald.topic.bytes.out", topic).increment(bytes);
    }

    /** Observes the log directory's group-commit fsync rounds. */
    public void fsyncs(GroupCommit groupCommit) {
        Timer duration = Timer.builder("herald.fsync").description("Time of one group-commit fsync round (all its files in parallel)")
                .publishPercentiles(0.5, 0.99, 0.999).register(registry);
        DistributionSummary writes = DistributionSummary.builder("herald.fsync.writes")
                .description("Appends made durable by one fsync round").publishPercentiles(0.5, 0.99).register(registry);
        groupCommit.observe((files, count, nanos) -> {
            duration.record(nanos, TimeUnit.NANOSECONDS);
            writes.record(count);
        });
    }

    /** Observes the periodic flushes of {@code --fsync interval:MS}; registers nothing under {@code always}. */
    public void intervalFlushes(LogDirectory logs) {
        if (!(logs.fsyncPolicy() instanceof FsyncPolicy.Interval)) {
            return;
        }
        Timer duration = Timer.builder("herald.interval.flush")
                .description("Time of one interval fsync of every partition (one after the other)")
                .publishPercentiles(0.5, 0.99).register(registry);
        logs.observeFlushes(nanos -> duration.record(nanos, TimeUnit.NANOSECONDS));
    }

    public void connections(Supplier<Number> open) {
        // A strong reference: the gauge is the only holder of this supplier, and a weakly held one reads NaN after a GC.
        Gauge.builder("herald.connections", open, s -> s.get().doubleValue()).description("Open Kafka-protocol connections")
                .strongReference(true).register(registry);
    }

    private Counter counter(Map<String, Counter> cache, String name, String topic) {
        return cache.computeIfAbsent(topic, t -> Counter.builder(name).tag("topic", t).register(registry));
    }
}
