package dev.herald.broker.metrics;

import dev.herald.broker.group.GroupCoordinator;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Consumer lag per group and partition as gauges: {@code herald_consumer_lag_records} (end offset minus committed
 * offset) and {@code herald_consumer_lag_seconds} (age of the oldest unconsumed record). Computed on demand, just
 * before a scrape, so idle brokers do no work for it.
 *
 * <p>Threading: {@link #refresh} may be called from any thread; concurrent refreshes are serialized.
 */
public final class GroupLagMetrics {
    private static final Logger log = LoggerFactory.getLogger(GroupLagMetrics.class);
    private final GroupCoordinator groups;
    private final MultiGauge records;
    private final MultiGauge seconds;

    public GroupLagMetrics(MeterRegistry registry, GroupCoordinator groups) {
        this.groups = groups;
        this.records = MultiGauge.builder("herald.consumer.lag.records").description("Records not yet consumed by the group").register(registry);
        this.seconds = MultiGauge.builder("herald.consumer.lag.seconds").description("Age of the oldest record not yet consumed").register(registry);
    }

    public synchronized void refresh() {
        List<MultiGauge.Row<?>> recordRows = new ArrayList<>();
        List<MultiGauge.Row<?>> secondRows = new ArrayList<>();
        for (String group : groups.groupIds()) {
            try {
                for (GroupCoordinator.PartitionLag lag : groups.lag(group)) {
                    Tags tags = Tags.of("group", group, "topic", lag.topic(), "partition", Integer.toString(lag.partition()));
                    recordRows.add(MultiGauge.Row.of(tags, lag.lag()));
                    secondRows.add(MultiGauge.Row.of(tags, lag.timeLagMs() / 1000.0));
                }
            } catch (IOException e) {
                log.warn("Could not compute lag of group {}: {}", group, e.getMessage());
            }
        }
        records.register(recordRows, true);
        seconds.register(secondRows, true);
    }
}
