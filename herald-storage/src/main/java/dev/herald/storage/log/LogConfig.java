package dev.herald.storage.log;

import java.util.Set;

/**
 * Per-partition settings of the log engine, named after the Kafka topic configs they implement.
 *
 * @param segmentBytes          roll the active segment when it would grow past this size ({@code segment.bytes})
 * @param segmentMs             roll the active segment once its first batch is this old ({@code segment.ms})
 * @param retentionMs           delete sealed segments whose newest record is older than this; -1 keeps forever
 * @param retentionBytes        delete the oldest segments while the partition is larger than this; -1 means no limit
 * @param cleanupPolicy         {@code delete}, {@code compact}, or both
 * @param deleteRetentionMs     how long compaction keeps a tombstone (a record with a null value) after its timestamp
 * @param indexIntervalBytes    log bytes between two sparse index entries ({@code index.interval.bytes})
 */
public record LogConfig(int segmentBytes, long segmentMs, long retentionMs, long retentionBytes,
                        Set<CleanupPolicy> cleanupPolicy, long deleteRetentionMs, int indexIntervalBytes) {

    public enum CleanupPolicy { DELETE, COMPACT }

    public static final LogConfig DEFAULT = new LogConfig(1024 * 1024 * 1024, 7L * 24 * 3600 * 1000,
            7L * 24 * 3600 * 1000, -1, Set.of(CleanupPolicy.DELETE), 24L * 3600 * 1000, 4096);

    public LogConfig {
        if (segmentBytes < 1024) throw new IllegalArgumentException("segment.bytes must be at least 1024, got " + segmentBytes);
        if (segmentMs < 1) throw new IllegalArgumentException("segment.ms must be positive, got " + segmentMs);
        if (retentionMs < -1) throw new IllegalArgumentException("retention.ms must be -1 or more, got " + retentionMs);
        if (retentionBytes < -1) throw new IllegalArgumentException("retention.bytes must be -1 or more, got " + retentionBytes);
        if (cleanupPolicy.isEmpty()) throw new IllegalArgumentException("cleanup.policy must name delete, compact or both");
        if (deleteRetentionMs < 0) throw new IllegalArgumentException("delete.retention.ms must be 0 or more, got " + deleteRetentionMs);
        if (indexIntervalBytes < 0) throw new IllegalArgumentException("index.interval.bytes must be 0 or more, got " + indexIntervalBytes);
        cleanupPolicy = Set.copyOf(cleanupPolicy);
    }

    public boolean compacted() { return cleanupPolicy.contains(CleanupPolicy.COMPACT); }
    public boolean deletesByRetention() { return cleanupPolicy.contains(CleanupPolicy.DELETE); }

    public LogConfig withSegmentBytes(int value) { return new LogConfig(value, segmentMs, retentionMs, retentionBytes, cleanupPolicy, deleteRetentionMs, indexIntervalBytes); }
    public LogConfig withSegmentMs(long value) { return new LogConfig(segmentBytes, value, retentionMs, retentionBytes, cleanupPolicy, deleteRetentionMs, indexIntervalBytes); }
    public LogConfig withRetentionMs(long value) { return new LogConfig(segmentBytes, segmentMs, value, retentionBytes, cleanupPolicy, deleteRetentionMs, indexIntervalBytes); }
    public LogConfig withRetentionBytes(long value) { return new LogConfig(segmentBytes, segmentMs, retentionMs, value, cleanupPolicy, deleteRetentionMs, indexIntervalBytes); }
    public LogConfig withCleanupPolicy(Set<CleanupPolicy> value) { return new LogConfig(segmentBytes, segmentMs, retentionMs, retentionBytes, value, deleteRetentionMs, indexIntervalBytes); }
    public LogConfig withDeleteRetentionMs(long value) { return new LogConfig(segmentBytes, segmentMs, retentionMs, retentionBytes, cleanupPolicy, value, indexIntervalBytes); }
    public LogConfig withIndexIntervalBytes(int value) { return new LogConfig(segmentBytes, segmentMs, retentionMs, retentionBytes, cleanupPolicy, deleteRetentionMs, value); }
}
