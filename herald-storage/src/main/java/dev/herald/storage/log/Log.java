package dev.herald.storage.log;

import dev.herald.storage.batch.BatchHeader;
import dev.herald.storage.durability.FsyncPolicy;
import dev.herald.storage.durability.GroupCommit;
import dev.herald.storage.index.IndexFiles;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * The log of one partition: an ordered run of {@link Segment}s, the next offset to assign, the log start offset
 * (everything below it is deleted or hidden), and the high watermark (everything below it is durable under the
 * configured {@link FsyncPolicy} and visible to readers).
 *
 * <pre>
 *   logStartOffset            highWatermark        logEndOffset
 *        |                          |                    |
 *   [seg 0 .... ][seg 4712 ........ | (being fsynced)   ]
 *        readable by consumers -----^
 * </pre>
 *
 * <p>Threading: appends and all mutations take the log's lock, so there is one writer at a time; reads take no
 * lock and see segments through a concurrent map and the high watermark through a volatile. Callers that wait
 * for data register through {@link #awaitDataBeyond}; they are woken when the high watermark moves.
 */
public final class Log implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Log.class);
    static final String LOG_START_FILE = "log-start-offset";

    /** Where the high watermark is: its offset and, to bound reads, the segment and byte position it ends at. */
    private record Mark(long offset, long segmentBase, int position) { }

    private final Path directory;
    private final String name;
    private final FsyncPolicy fsyncPolicy;
    private final GroupCommit groupCommit;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final ConcurrentSkipListMap<Long, Segment> segments = new ConcurrentSkipListMap<>();
    /** Guards {@link #waiters} and the moves of {@link #highWatermark}. */
    private final Object watermarkLock = new Object();
    /** Readers waiting for the high watermark to move; swapped for a fresh list each time it does. */
    private List<CompletableFuture<Void>> waiters = new ArrayList<>();
    private volatile LogConfig config;
    private volatile long logStartOffset;
    private volatile Mark highWatermark;
    private volatile boolean closed;
    /** Segments replaced by compaction whose channels are still open; guarded by the lock. */
    private final List<RetiredSegment> retired = new ArrayList<>();
    /** Group-commit handle of the segment appended to last; see {@link #syncerFor}. */
    private SegmentSyncer syncer;
    /** Set when the partition folder was found deleted under the open log; every later append fails with it. */
    private volatile IOException folderGone;

    private Log(Path directory, LogConfig config, FsyncPolicy fsyncPolicy, GroupCommit groupCommit, Clock clock) {
        this.directory = directory;
        this.name = directory.getFileName().toString();
        this.config = config;
        this.fsyncPolicy = fsyncPolicy;
        this.groupCommit = groupCommit;
        this.clock = clock;
    }

    /**
     * Kafka's name for a file in a partition's folder that belongs to {@code offset} (a segment's base offset, a
     * snapshot's): the offset in 20 digits, then {@code suffix}. Not {@code String.format}, whose first use loads
     * the JDK's locale data, ~20 ms on the path to a broker's ready line.
     */
    public static String fileName(long offset, String suffix) {
        if (offset < 0) throw new IllegalArgumentException("a negative offset in a file name: " + offset);
        String digits = Long.toString(offset);
        return "0".repeat(20 - digits.length()) + digits + suffix;
    }

    /**
     * Opens (or creates) the log in {@code directory}. After an unclean shutdown the active segment is scanned and
     * cut back to its last valid batch; sealed segments keep their indexes unless those are missing or damaged.
     */
    public static Log open(Path directory, LogConfig config, FsyncPolicy fsyncPolicy, GroupCommit groupCommit,
                           Clock clock, boolean cleanShutdown) throws IOException {
        Files.createDirectories(directory);
        Log partition = new Log(directory, config, fsyncPolicy, groupCommit, clock);
        partition.load(cleanShutdown);
        return partition;
    }

    private void load(boolean cleanShutdown) throws IOException {
        deleteLeftovers();
        List<Path> files;
        try (Stream<Path> listing = Files.list(directory)) {
            files = listing.filter(p -> p.getFileName().toString().endsWith(".log")).sorted().toList();
        }
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            long base = baseOffsetOf(file);
            boolean last = i == files.size() - 1;
            long nextBase = last ? Long.MAX_VALUE : baseOffsetOf(files.get(i + 1));
            Segment segment = Segment.open(file, base, config.indexIntervalBytes(), cleanShutdown || !last, nextBase);
            Segment previous = segments.isEmpty() ? null : segments.lastEntry().getValue();
            if (previous != null && previous.nextOffset() > base) {
                throw new IOException("segment " + file + " starts at offset " + base + " but the previous segment "
                        + previous.file + " runs to offset " + (previous.nextOffset() - 1));
            }
            segments.put(base, segment);
        }
        if (segments.isEmpty()) {
            segments.put(0L, Segment.create(directory, 0, config.indexIntervalBytes()));
            IndexFiles.syncDirectory(directory);
        }
        long storedStart = readLogStartOffset();
        logStartOffset = Math.max(storedStart, segments.firstKey());
        Segment active = active();
        highWatermark = new Mark(active.nextOffset(), active.baseOffset, active.size());
        if (logStartOffset > logEndOffset()) logStartOffset = logEndOffset();
    }

    private static long baseOffsetOf(Path segmentFile) {
        return Long.parseLong(segmentFile.getFileName().toString().replace(".log", ""));
    }

    /** Removes files a crash can leave behind: temporary index files and unfinished compaction output. */
    private void deleteLeftovers() throws IOException {
        try (Stream<Path> listing = Files.list(directory)) {
            for (Path file : listing.toList()) {
                String fileName = file.getFileName().toString();
                if (fileName.endsWith(".tmp") || fileName.endsWith(".cleaned")) {
                    log.info("Deleting leftover {}", file);
                    Files.deleteIfExists(file);
                }
            }
        }
        Compactor.completeSwaps(directory);
    }

    private long readLogStartOffset() throws IOException {
        Path file = directory.resolve(LOG_START_FILE);
        if (!Files.exists(file)) return 0;
        String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            log.warn("Ignoring unreadable {} ('{}'); using the first segment's base offset", file, text);
            return 0;
        }
    }

    private void writeLogStartOffset() throws IOException {
        IndexFiles.writeDurably(directory.resolve(LOG_START_FILE),
                ByteBuffer.wrap(Long.toString(logStartOffset).getBytes(StandardCharsets.US_ASCII)));
    }

    // ------------------------------------------------------------------------------------------------ append

    /**
     * Appends one or more record batches, assigning them the next offsets (the buffer's base-offset fields are
     * rewritten in place). Returns at once; the result's {@code durable} future completes when the data is on
     * disk under the fsync policy, and only then do readers see it when the policy is {@code always}.
     *
     * @throws IOException if the write failed (for example a full disk); the log is unchanged and readable
     */
    public AppendResult append(ByteBuffer batches) throws IOException {
        lock.lock();
        try {
            ensureOpen();
            if (folderGone != null) throw new IOException(folderGone.getMessage(), folderGone);
            long firstOffset = logEndOffset();
            int count = assignOffsets(batches, firstOffset);
            long lastOffset = logEndOffset() + count - 1;
            maybeRoll(batches.remaining());
            Segment segment = active();
            if (lastOffset - segment.baseOffset > Integer.MAX_VALUE) {
                segment = roll();
            }
            segment.append(batches);
            Mark mark = new Mark(segment.nextOffset(), segment.baseOffset, segment.size());
            CompletableFuture<Void> durable;
            if (fsyncPolicy instanceof FsyncPolicy.Always) {
                durable = groupCommit.sync(syncerFor(segment), () -> advanceHighWatermark(mark));
            } else {
                advanceHighWatermark(mark);
                durable = CompletableFuture.completedFuture(null);
            }
            return new AppendResult(firstOffset, lastOffset, durable);
        } finally {
            lock.unlock();
        }
    }

    /** Result of an append: the offsets the batches received and when they became durable. */
    public record AppendResult(long firstOffset, long lastOffset, CompletableFuture<Void> durable) { }

    private static int assignOffsets(ByteBuffer batches, long firstOffset) {
        long next = firstOffset;
        int count = 0;
        for (int at = batches.position(); at < batches.limit(); ) {
            String problem = BatchHeader.structuralError(batches, at, batches.limit());
            if (problem != null) throw new IllegalArgumentException("malformed batch at byte " + at + ": " + problem);
            BatchHeader batch = new BatchHeader(batches, at);
            batch.setBaseOffset(next);
            int records = batch.lastOffsetDelta() + 1;
            next += records;
            count += records;
            at += batch.sizeInBytes();
        }
        if (count == 0) throw new IllegalArgumentException("no batches to append");
        return count;
    }

    /**
     * The same {@link GroupCommit.Syncable} for every append to one segment, so that a group-commit round forces
     * each file once however many appends to it it covers. Caller holds the lock.
     */
    private GroupCommit.Syncable syncerFor(Segment segment) {
        SegmentSyncer current = syncer;
        if (current == null || current.segment() != segment) {
            current = new SegmentSyncer(this, segment);
            syncer = current;
        }
        return current;
    }

    private record SegmentSyncer(Log log, Segment segment) implements GroupCommit.Syncable {
        @Override
        public void sync() throws IOException {
            log.syncSegment(segment);
        }
    }

    private void syncSegment(Segment segment) throws IOException {
        try {
            segment.flush();
        } catch (java.nio.channels.ClosedChannelException e) {
            // The segment was sealed (which forces it) and then deleted by retention before this round ran.
            return;
        }
        checkFolderExists();
    }

    /**
     * Fails when the partition folder was deleted under the open log (by hand, or a misconfigured cleanup job):
     * writes would still succeed, into files no longer reachable, and vanish at the next restart. Checked once per
     * fsync (group-commit round or interval flush), so a deletion fails the writes that were not yet durable.
     */
    private void checkFolderExists() throws IOException {
        if (folderGone == null && !Files.isDirectory(directory)) {
            folderGone = new IOException("partition folder " + directory + " was deleted while the log was open; "
                    + "writes to it cannot be made durable. Delete the partition or restart to recreate it empty.");
            log.error("{}", folderGone.getMessage());
        }
        if (folderGone != null) throw new IOException(folderGone.getMessage(), folderGone);
    }

    private void advanceHighWatermark(Mark mark) {
        List<CompletableFuture<Void>> woken;
        synchronized (watermarkLock) {
            if (mark.offset() <= highWatermark.offset()) return;
            highWatermark = mark;
            // Take the list as a whole: a reader that registers after this point sees the new mark itself,
            // and no registration can be lost between waking and clearing.
            woken = waiters;
            waiters = new ArrayList<>();
        }
        woken.forEach(waiter -> waiter.complete(null));
    }

    /** Wakes every waiting reader (the log is closing or going away). */
    private void wakeAll() {
        List<CompletableFuture<Void>> woken;
        synchronized (watermarkLock) {
            woken = waiters;
            waiters = new ArrayList<>();
        }
        woken.forEach(waiter -> waiter.complete(null));
    }

    private void maybeRoll(int incomingBytes) throws IOException {
        Segment active = active();
        if (active.isEmpty()) return;
        boolean full = (long) active.size() + incomingBytes > config.segmentBytes();
        boolean old = active.firstBatchTimestamp() >= 0 && clock.millis() - active.firstBatchTimestamp() >= config.segmentMs();
        if (full || old) roll();
    }

    /** Seals the active segment and starts a new one at the log end offset. Caller holds the lock. */
    private Segment roll() throws IOException {
        Segment active = active();
        active.seal();
        Segment next = Segment.create(directory, logEndOffset(), config.indexIntervalBytes());
        IndexFiles.syncDirectory(directory);
        segments.put(next.baseOffset, next);
        synchronized (watermarkLock) {
            // Readers bound their view of the high watermark's segment by its byte position; when everything is
            // visible, point the mark at the new segment so the sealed one can be compacted.
            if (highWatermark.offset() == next.baseOffset) highWatermark = new Mark(next.baseOffset, next.baseOffset, 0);
        }
        return next;
    }

    /** Rolls the active segment if it holds data, so that it becomes eligible for retention and compaction. */
    public void roll(boolean onlyIfNotEmpty) throws IOException {
        lock.lock();
        try {
            ensureOpen();
            if (!onlyIfNotEmpty || !active().isEmpty()) roll();
        } finally {
            lock.unlock();
        }
    }

    // -------------------------------------------------------------------------------------------------- read

    /**
     * Reads from the batch that holds {@code offset}, up to {@code maxBytes} (at least one whole batch), below the
     * high watermark. Returns an empty result when {@code offset} is the high watermark.
     *
     * @throws OffsetOutOfRangeException if {@code offset} is below the log start offset or above the end
     */
    public ReadResult read(long offset, int maxBytes) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                return readOnce(offset, maxBytes);
            } catch (java.nio.channels.ClosedChannelException e) {
                // Retention deleted the segment under this read (the retry then reports the new log start offset),
                // or the log was closed.
                if (closed || attempt == 3) throw new OffsetOutOfRangeException(offset, logStartOffset, highWatermark.offset());
            }
        }
    }

    private ReadResult readOnce(long offset, int maxBytes) throws IOException {
        Mark mark = highWatermark;
        long start = logStartOffset;
        if (offset < start || offset > mark.offset()) {
            throw new OffsetOutOfRangeException(offset, start, mark.offset());
        }
        if (offset == mark.offset()) return new ReadResult(null, start, mark.offset());
        Map.Entry<Long, Segment> entry = segments.floorEntry(offset);
        if (entry == null) entry = segments.firstEntry();
        while (entry != null && entry.getKey() <= mark.segmentBase()) {
            Segment segment = entry.getValue();
            int visible = visibleSize(segment, mark);
            FileRegion region = segment.read(offset, maxBytes, visible);
            if (region != null) return new ReadResult(region, start, mark.offset());
            entry = segments.higherEntry(entry.getKey());
        }
        return new ReadResult(null, start, mark.offset());
    }

    /** Data read from the log and the offsets a fetch response reports alongside it. */
    public record ReadResult(FileRegion region, long logStartOffset, long highWatermark) {
        public boolean isEmpty() { return region == null; }
        public int sizeInBytes() { return region == null ? 0 : region.size(); }
    }

    /** Completes when the high watermark moves past {@code offset} (at once if it already has), or the log closes. */
    public CompletableFuture<Void> awaitDataBeyond(long offset) {
        CompletableFuture<Void> waiter = new CompletableFuture<>();
        synchronized (watermarkLock) {
            if (highWatermark.offset() > offset || closed) {
                waiter.complete(null);
            } else {
                waiters.add(waiter);
            }
        }
        return waiter;
    }

    /**
     * Completes once the record at {@code offset} is below the high watermark, i.e. durable under the fsync policy (at
     * once if it already is); exceptionally if the log closes first. For answering a retried write that is already
     * in the log: it must not be acknowledged before the original write could have been.
     */
    public CompletableFuture<Void> awaitDurable(long offset) {
        CompletableFuture<Void> durable = new CompletableFuture<>();
        whenDurable(offset, durable);
        return durable;
    }

    private void whenDurable(long offset, CompletableFuture<Void> durable) {
        // awaitDataBeyond completes at every move of the high watermark, which may stop short of the offset.
        awaitDataBeyond(offset).thenRun(() -> {
            if (highWatermark() > offset) {
                durable.complete(null);
            } else if (closed) {
                durable.completeExceptionally(new IOException("the log of " + name + " closed before offset " + offset + " was durable"));
            } else {
                whenDurable(offset, durable);
            }
        });
    }

    /** Stops waiting; call when a waiter returned by {@link #awaitDataBeyond} is no longer wanted. */
    public void cancelWait(CompletableFuture<Void> waiter) {
        synchronized (watermarkLock) {
            waiters.remove(waiter);
        }
    }

    /**
     * The first offset whose record timestamp is at least {@code timestamp}, and that record's timestamp; or null
     * when every visible record is older. Reads the batch it lands in to find the exact record (ListOffsets).
     */
    public TimestampAndOffset offsetForTimestamp(long timestamp) throws IOException {
        Mark mark = highWatermark;
        for (Segment segment : segments.tailMap(segments.floorKey(Math.max(logStartOffset, segments.firstKey()))).values()) {
            if (segment.baseOffset > mark.segmentBase()) break;
            if (segment.maxTimestamp() < timestamp) continue;
            int visible = visibleSize(segment, mark);
            TimestampAndOffset[] found = {null};
            long from = Math.max(segment.timeLookupStart(timestamp), logStartOffset);
            segment.forEachBatch(from, visible, (batch, position) -> {
                if (batch.maxTimestamp() < timestamp) return true;
                found[0] = firstRecordAtOrAfter(segment, position, batch.sizeInBytes(), timestamp);
                return found[0] == null;
            });
            if (found[0] != null) return found[0];
        }
        return null;
    }

    /** The record with the highest timestamp (the earliest such record on ties), or null for an empty log. */
    public TimestampAndOffset maxTimestamp() throws IOException {
        Mark mark = highWatermark;
        Segment best = null;
        for (Segment segment : segments.values()) {
            if (segment.baseOffset > mark.segmentBase()) break;
            if (segment.maxTimestamp() >= 0 && (best == null || segment.maxTimestamp() > best.maxTimestamp())) best = segment;
        }
        if (best == null) return null;
        long target = best.maxTimestamp();
        Segment segment = best;
        int visible = visibleSize(segment, mark);
        TimestampAndOffset[] found = {null};
        segment.forEachBatch(Math.max(segment.baseOffset, logStartOffset), visible, (batch, position) -> {
            if (batch.maxTimestamp() < target) return true;
            found[0] = firstRecordAtOrAfter(segment, position, batch.sizeInBytes(), target);
            return found[0] == null;
        });
        return found[0];
    }

    /** Bytes of {@code segment} below the high watermark; compaction may since have shrunk the mark's segment. */
    private static int visibleSize(Segment segment, Mark mark) {
        return segment.baseOffset == mark.segmentBase() ? Math.min(mark.position(), segment.size()) : segment.size();
    }

    /** Calls {@code visitor} with the header of every visible batch from the one holding {@code offset} on. */
    public void forEachBatchHeader(long offset, java.util.function.Consumer<BatchHeader> visitor) throws IOException {
        Mark mark = highWatermark;
        Map.Entry<Long, Segment> floor = segments.floorEntry(offset);
        long from = floor == null ? segments.firstKey() : floor.getKey();
        for (Segment segment : segments.tailMap(from).values()) {
            if (segment.baseOffset > mark.segmentBase()) break;
            segment.forEachBatch(Math.max(offset, segment.baseOffset), visibleSize(segment, mark), (batch, position) -> {
                visitor.accept(batch);
                return true;
            });
        }
    }

    /** A record's timestamp and offset, as ListOffsets answers. */
    public record TimestampAndOffset(long timestamp, long offset) { }

    private TimestampAndOffset firstRecordAtOrAfter(Segment segment, int position, int size, long timestamp) throws IOException {
        ByteBuffer bytes = new FileRegion(segment.channel(), position, size).readFully();
        for (RecordBatch batch : MemoryRecords.readableRecords(bytes).batches()) {
            if (batch.isControlBatch()) continue;
            boolean logAppendTime = batch.timestampType() == org.apache.kafka.common.record.TimestampType.LOG_APPEND_TIME;
            for (Record record : batch) {
                long recordTimestamp = logAppendTime ? batch.maxTimestamp() : record.timestamp();
                if (recordTimestamp >= timestamp && record.offset() >= logStartOffset) {
                    return new TimestampAndOffset(recordTimestamp, record.offset());
                }
            }
        }
        return null;
    }

    // ---------------------------------------------------------------------------------- retention and deletion

    /**
     * Moves the log start offset forward (DeleteRecords); whole segments below it are deleted. Returns the new
     * log start offset.
     */
    public long deleteRecordsBefore(long offset) throws IOException {
        lock.lock();
        try {
            ensureOpen();
            if (offset > highWatermark.offset()) {
                throw new OffsetOutOfRangeException(offset, logStartOffset, highWatermark.offset());
            }
            if (offset > logStartOffset) {
                logStartOffset = offset;
                writeLogStartOffset();
            }
            // Also when the start did not move: a roll since the last call may have left a segment wholly below it.
            deleteSegmentsBelow(logStartOffset);
            return logStartOffset;
        } finally {
            lock.unlock();
        }
    }

    private void deleteSegmentsBelow(long offset) throws IOException {
        while (segments.size() > 1) {
            Map.Entry<Long, Segment> first = segments.firstEntry();
            Segment next = segments.higherEntry(first.getKey()).getValue();
            if (next.baseOffset > offset) break;
            deleteSegment(first.getValue(), "below log start offset " + offset);
        }
    }

    private void deleteSegment(Segment segment, String reason) throws IOException {
        segments.remove(segment.baseOffset);
        log.info("Deleting segment {} of {} ({})", segment.baseOffset, name, reason);
        segment.delete();
    }

    /**
     * Applies {@code retention.ms} and {@code retention.bytes} when the cleanup policy includes delete: removes the
     * oldest sealed segments (rolling the active one first when it has expired entirely) and advances the log
     * start offset. Segments wholly below the log start offset are removed under any policy. Returns the number
     * of segments deleted.
     */
    public int applyRetention() throws IOException {
        lock.lock();
        try {
            ensureOpen();
            closeRetiredSegments(false);
            // Segments wholly below the log start offset (DeleteRecords, then a roll) go whatever the cleanup policy.
            int belowStart = segments.size();
            deleteSegmentsBelow(logStartOffset);
            belowStart -= segments.size();
            LogConfig settings = config;
            if (!settings.deletesByRetention()) return belowStart;
            long now = clock.millis();
            Segment active = active();
            if (settings.retentionMs() >= 0 && !active.isEmpty() && active.nextOffset() == highWatermark.offset()
                    && now - active.maxTimestamp() > settings.retentionMs()) {
                roll();
            }
            int deleted = belowStart;
            long totalBytes = sizeInBytes();
            while (segments.size() > 1) {
                Segment oldest = segments.firstEntry().getValue();
                boolean expired = settings.retentionMs() >= 0 && now - oldest.maxTimestamp() > settings.retentionMs();
                boolean oversize = settings.retentionBytes() >= 0 && totalBytes - oldest.size() >= settings.retentionBytes();
                if (!expired && !oversize) break;
                totalBytes -= oldest.size();
                deleteSegment(oldest, expired ? "retention.ms" : "retention.bytes");
                deleted++;
            }
            long first = segments.firstKey();
            if (first > logStartOffset) {
                logStartOffset = first;
                writeLogStartOffset();
            }
            return deleted;
        } finally {
            lock.unlock();
        }
    }

    /** Compacts sealed segments when the cleanup policy includes compact. Returns the bytes removed. */
    public long compact() throws IOException {
        lock.lock();
        try {
            ensureOpen();
            closeRetiredSegments(false);
            if (!config.compacted()) return 0;
            // Only segments wholly below the high watermark's segment: their bytes are all durable and acknowledged.
            long limit = Math.min(active().baseOffset, highWatermark.segmentBase());
            List<Segment> sealed = new ArrayList<>(segments.headMap(limit).values());
            if (sealed.isEmpty()) return 0;
            Compactor.Result result = new Compactor(directory, config, clock.millis()).compact(sealed, logStartOffset);
            // Replacements first, so that a reader never finds a hole in the map.
            for (Segment replacement : result.segments()) segments.put(replacement.baseOffset, replacement);
            for (Segment old : sealed) segments.remove(old.baseOffset, old);
            long now = clock.millis();
            for (Segment old : sealed) retired.add(new RetiredSegment(old, now));
            return result.bytesRemoved();
        } finally {
            lock.unlock();
        }
    }

    /**
     * A segment compaction replaced: its files are deleted, its channel stays open for {@link #RETIRED_GRACE_MS} so
     * that a fetch holding a {@link FileRegion} of it can finish (as Kafka's {@code file.delete.delay.ms}).
     */
    private record RetiredSegment(Segment segment, long sinceMs) { }

    static final long RETIRED_GRACE_MS = 60_000;

    /** Closes retired segments past their grace period, or all of them. Caller holds the lock. */
    private void closeRetiredSegments(boolean all) {
        long now = clock.millis();
        retired.removeIf(old -> {
            if (!all && now - old.sinceMs() < RETIRED_GRACE_MS) return false;
            try {
                old.segment().close();
            } catch (IOException e) {
                log.warn("Closing replaced segment {} failed", old.segment().file, e);
            }
            return true;
        });
    }

    // ------------------------------------------------------------------------------------------- accessors

    public long logStartOffset() { return logStartOffset; }
    /** The next offset to be assigned. */
    public long logEndOffset() { return active().nextOffset(); }
    /** Offsets below this are durable (per fsync policy) and visible to readers. */
    public long highWatermark() { return highWatermark.offset(); }
    public LogConfig config() { return config; }
    public Path directory() { return directory; }
    public int segmentCount() { return segments.size(); }
    /** Base offset of the segment appended to; it changes when the log rolls. */
    public long activeSegmentBaseOffset() { return active().baseOffset; }

    public long sizeInBytes() {
        long total = 0;
        for (Segment segment : segments.values()) total += segment.size();
        return total;
    }

    public void updateConfig(LogConfig newConfig) { this.config = newConfig; }

    private Segment active() { return segments.lastEntry().getValue(); }

    private void ensureOpen() throws IOException {
        if (closed) throw new IOException("log " + directory + " is closed");
    }

    /** Forces all data to disk; used by the interval fsync policy and before closing. */
    public void flush() throws IOException {
        lock.lock();
        try {
            if (!closed) {
                active().flush();
                checkFolderExists();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Flushes, writes the active segment's indexes so a clean restart can trust them, and closes the files. */
    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            if (closed) return;
            closed = true;
            Segment active = active();
            active.flush();
            if (Files.isDirectory(directory)) {
                active.writeIndexes();
            } else {
                log.warn("Closing {} whose partition folder {} was deleted; nothing left to save", name, directory);
            }
            for (Segment segment : segments.values()) segment.close();
            closeRetiredSegments(true);
            wakeAll();
        } finally {
            lock.unlock();
        }
    }

    /** Closes the files without flushing or writing indexes; see {@link LogDirectory#closeAbruptly}. */
    void abandon() {
        lock.lock();
        try {
            closed = true;
            for (Segment segment : segments.values()) {
                try {
                    segment.close();
                } catch (IOException e) {
                    log.debug("Closing {} of an abandoned log failed", segment.file, e);
                }
            }
            closeRetiredSegments(true);
            wakeAll();
        } finally {
            lock.unlock();
        }
    }

    /** Closes the log and removes its folder and every file in it (topic deletion). */
    public void delete() throws IOException {
        lock.lock();
        try {
            closed = true;
            for (Segment segment : segments.values()) segment.close();
            closeRetiredSegments(true);
            segments.clear();
            wakeAll();
            if (!Files.exists(directory)) return;
            try (Stream<Path> walk = Files.walk(directory)) {
                for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(path);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "Log(" + name + ", start " + logStartOffset + ", hw " + highWatermark.offset() + ", end " + logEndOffset() + ")";
    }

    static UncheckedIOException unchecked(IOException e) { return new UncheckedIOException(e); }
}
