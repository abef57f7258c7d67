package dev.herald.broker.group;

import dev.herald.broker.BrokerConfig;

import java.util.concurrent.TimeUnit;

/**
 * Settings of the group coordinator, named after the Kafka broker settings they implement.
 *
 * @param initialRebalanceDelayMs   wait for more members before the first rebalance of an empty group
 *                                  ({@code group.initial.rebalance.delay.ms})
 * @param minSessionTimeoutMs       shortest session timeout a member may ask for ({@code group.min.session.timeout.ms})
 * @param maxSessionTimeoutMs       longest session timeout a member may ask for ({@code group.max.session.timeout.ms})
 * @param offsetsRetentionMs        committed offsets of a group that stays empty this long are deleted
 *                                  ({@code offsets.retention.minutes}, in milliseconds)
 * @param offsetsRetentionCheckIntervalMs how often expired offsets are looked for ({@code offsets.retention.check.interval.ms})
 * @param maxMetadataBytes          longest commit metadata string ({@code offset.metadata.max.bytes})
 * @param commitTimeoutMs           how long an OffsetCommit waits for its record to become durable
 *                                  ({@code offsets.commit.timeout.ms})
 * @param tickMs                    how often session, rebalance and sync deadlines are checked
 */
public record GroupConfig(long initialRebalanceDelayMs, int minSessionTimeoutMs, int maxSessionTimeoutMs,
                          long offsetsRetentionMs, long offsetsRetentionCheckIntervalMs, int maxMetadataBytes,
                          long commitTimeoutMs, long tickMs) {

    public static GroupConfig defaults() {
        return new GroupConfig(3_000, 6_000, 1_800_000, TimeUnit.DAYS.toMillis(7), TimeUnit.MINUTES.toMillis(10),
                4096, 5_000, 50);
    }

    /** The defaults, with the settings that {@link BrokerConfig} carries taken from it. */
    public static GroupConfig of(BrokerConfig broker) {
        return defaults().withInitialRebalanceDelayMs(broker.groupInitialRebalanceDelayMs());
    }

    public GroupConfig withInitialRebalanceDelayMs(long value) { return new GroupConfig(value, minSessionTimeoutMs, maxSessionTimeoutMs, offsetsRetentionMs, offsetsRetentionCheckIntervalMs, maxMetadataBytes, commitTimeoutMs, tickMs); }
    public GroupConfig withMinSessionTimeoutMs(int value) { return new GroupConfig(initialRebalanceDelayMs, value, maxSessionTimeoutMs, offsetsRetentionMs, offsetsRetentionCheckIntervalMs, maxMetadataBytes, commitTimeoutMs, tickMs); }
    public GroupConfig withOffsetsRetentionMs(long value) { return new GroupConfig(initialRebalanceDelayMs, minSessionTimeoutMs, maxSessionTimeoutMs, value, offsetsRetentionCheckIntervalMs, maxMetadataBytes, commitTimeoutMs, tickMs); }
    public GroupConfig withOffsetsRetentionCheckIntervalMs(long value) { return new GroupConfig(initialRebalanceDelayMs, minSessionTimeoutMs, maxSessionTimeoutMs, offsetsRetentionMs, value, maxMetadataBytes, commitTimeoutMs, tickMs); }
}
