package dev.herald.storage.log;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a partition log should hold, kept the simple way: every live record in a sorted map, the log start and end
 * offsets, and for each appended batch its offset range and timestamp (retention works on whole segments, whose
 * age is their newest batch's timestamp; the segment boundaries themselves are observed from the engine).
 *
 * <p>Compaction follows Kafka's cleaner: among records below the active segment, a keyed record survives only
 * if it is the latest for its key; a surviving tombstone's batch gets a delete horizon (cleaning time +
 * {@code delete.retention.ms}) the first time it is cleaned, and the tombstone goes at the first cleaning at or
 * after that horizon.
 */
final class LogModel {

    /** One record as a consumer sees it; {@code value == null} is a tombstone, {@code key == null} has no key. */
    record Entry(long offset, String key, String value, long timestamp) {
        @Override public String toString() { return offset + ":" + key + "=" + (value == null ? "<null>" : abbreviate(value)) + "@" + timestamp; }
        private static String abbreviate(String s) { return s.length() > 12 ? s.substring(0, 12) + "…(" + s.length() + ")" : s; }
    }

    record Batch(long baseOffset, long lastOffset, long timestamp) { }

    final NavigableMap<Long, Entry> records = new TreeMap<>();
    final NavigableMap<Long, Batch> batches = new TreeMap<>();
    final Map<Long, Long> deleteHorizons = new HashMap<>();
    long logStartOffset;
    long logEndOffset;

    void append(List<Entry> entries, long timestamp) {
        long base = logEndOffset;
        for (Entry entry : entries) records.put(entry.offset(), entry);
        logEndOffset = base + entries.size();
        batches.put(base, new Batch(base, logEndOffset - 1, timestamp));
    }

    /** Records at or after {@code offset}, in offset order. */
    List<Entry> from(long offset) {
        return new ArrayList<>(records.tailMap(offset, true).values());
    }

    void advanceLogStart(long offset) {
        if (offset <= logStartOffset) return;
        logStartOffset = offset;
        records.headMap(offset, false).clear();
    }

    /** Forgets batches of segments the engine deleted (those below the first remaining segment). */
    void segmentsDeletedBelow(long firstSegmentBase) {
        batches.headMap(firstSegmentBase, false).clear();
    }

    /** Newest timestamp of the batches in [base, end), or -1 when there are none. */
    long maxTimestamp(long base, long end) {
        long max = -1;
        for (Batch batch : batches.subMap(base, true, end, false).values()) max = Math.max(max, batch.timestamp());
        return max;
    }

    /** Applies one cleaning at time {@code nowMs} to the records below {@code limit} (the active segment's base). */
    void compact(long limit, long nowMs, long deleteRetentionMs) {
        Map<String, Long> latest = new HashMap<>();
        for (Entry entry : records.headMap(limit, false).values()) {
            if (entry.key() != null) latest.put(entry.key(), entry.offset());
        }
        records.headMap(limit, false).values().removeIf(entry -> {
            if (entry.key() == null) return false;
            if (latest.get(entry.key()) > entry.offset()) return true;
            if (entry.value() != null) return false;
            Long horizon = deleteHorizons.get(batchOf(entry.offset()));
            return horizon != null && horizon <= nowMs;
        });
        for (Entry entry : records.headMap(limit, false).values()) {
            if (entry.value() == null) deleteHorizons.putIfAbsent(batchOf(entry.offset()), nowMs + deleteRetentionMs);
        }
    }

    private long batchOf(long offset) {
        return Objects.requireNonNull(batches.floorKey(offset), () -> "no batch holds offset " + offset);
    }

    /** The first record with a timestamp at or after {@code timestamp}, as ListOffsets answers, or null. */
    Log.TimestampAndOffset offsetForTimestamp(long timestamp) {
        for (Entry entry : records.values()) {
            if (entry.timestamp() >= timestamp) return new Log.TimestampAndOffset(entry.timestamp(), entry.offset());
        }
        return null;
    }
}
