package dev.herald.storage.log;

import dev.herald.storage.batch.BatchHeader;
import dev.herald.storage.index.OffsetIndex;
import dev.herald.storage.index.TimeIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One file of a partition's log: record batches laid end to end exactly as producers sent them (with the
 * broker-assigned base offset), plus its sparse {@link OffsetIndex} and {@link TimeIndex}.
 *
 * <pre>
 *  partition folder  orders-0/
 *    00000000000000000000.log        batches with offsets [0, 4711]         (sealed)
 *    00000000000000000000.index      offset index, written when sealed
 *    00000000000000000000.timeindex  time index, written when sealed
 *    00000000000000004712.log        batches from offset 4712 on            (active, appended to)
 *
 *  .log file:  | batch 4712..4720 | batch 4721 | batch 4722..4800 | ...   (see BatchHeader for one batch)
 * </pre>
 * The file name is the base offset, zero-padded to 20 digits, so a directory listing is in offset order.
 *
 * <p>Threading: {@link #append} and the mutators are called by the partition's writer only (under the
 * {@link Log}'s lock). Reads ({@link #read}, {@link #positionOf}) may run on any thread concurrently with an
 * append: they use positional reads and never look past the size the caller passes as visible.
 */
final class Segment {
    private static final Logger log = LoggerFactory.getLogger(Segment.class);
    /** Bytes of a batch header needed to walk the file: base offset, length, ..., lastOffsetDelta. */
    private static final int WALK_HEADER = BatchHeader.LAST_OFFSET_DELTA + 4;
    private static final int SCAN_BUFFER = 1 << 20;

    final long baseOffset;
    final Path file;
    private final FileChannel channel;
    private final int indexIntervalBytes;
    private OffsetIndex offsetIndex;
    private TimeIndex timeIndex;
    private volatile int size;
    private volatile long nextOffset;
    private volatile long maxTimestamp = -1;
    private long firstBatchTimestamp = -1;
    private int bytesSinceOffsetEntry;
    private int bytesSinceTimeEntry;

    private Segment(long baseOffset, Path file, FileChannel channel, int indexIntervalBytes) {
        this.baseOffset = baseOffset;
        this.file = file;
        this.channel = channel;
        this.indexIntervalBytes = indexIntervalBytes;
        this.offsetIndex = new OffsetIndex();
        this.timeIndex = new TimeIndex();
        this.nextOffset = baseOffset;
    }

    static Segment create(Path directory, long baseOffset, int indexIntervalBytes) throws IOException {
        Path file = directory.resolve(Log.fileName(baseOffset, ".log"));
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
        return new Segment(baseOffset, file, channel, indexIntervalBytes);
    }

    /** As {@link #open(Path, long, int, boolean, long)} with no known end (the last segment of a log). */
    static Segment open(Path file, long baseOffset, int indexIntervalBytes, boolean trustIndexes) throws IOException {
        return open(file, baseOffset, indexIntervalBytes, trustIndexes, Long.MAX_VALUE);
    }

    /**
     * Opens an existing segment. With {@code trustIndexes} the index files are loaded when they look sound (a
     * sample of entries must point at batches with the offsets they claim) and only the part after the last
     * index entry is walked; otherwise, or when they are missing or damaged, the whole segment is scanned, every
     * batch's structure and CRC checked, and the indexes rebuilt. No batch may reach {@code offsetLimit}, the
     * next segment's base offset: a batch that does is corrupt (its base offset is outside the CRC).
     */
    static Segment open(Path file, long baseOffset, int indexIntervalBytes, boolean trustIndexes, long offsetLimit) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        Segment segment = new Segment(baseOffset, file, channel, indexIntervalBytes);
        segment.size = (int) Math.min(channel.size(), Integer.MAX_VALUE);
        if (trustIndexes && segment.loadIndexes(offsetLimit)) {
            return segment;
        }
        segment.recover(offsetLimit);
        return segment;
    }

    /** Entries of a loaded offset index checked against the segment: a few spread over it, not all. */
    private static final int INDEX_SAMPLES = 32;

    private boolean loadIndexes(long offsetLimit) throws IOException {
        OffsetIndex offsets = OffsetIndex.load(indexFile(), size);
        TimeIndex times = TimeIndex.load(timeIndexFile());
        if (offsets == null || times == null || (size > 0 && offsets.entries() == 0)) {
            return false;
        }
        ByteBuffer header = ByteBuffer.allocate(WALK_HEADER);
        int entries = offsets.entries();
        for (int i = 0; i < entries; i += Math.max(1, entries / INDEX_SAMPLES)) {
            if (!indexEntryMatches(offsets, i, header)) return false;
        }
        if (entries > 0 && !indexEntryMatches(offsets, entries - 1, header)) return false;
        offsetIndex = offsets;
        timeIndex = times;
        maxTimestamp = times.entries() == 0 ? -1 : times.lastTimestamp();
        // Walk the tail after the last index entry to find the next offset; cheap, at most index.interval.bytes
        // plus one batch. A tail that does not parse means the index cannot be trusted.
        int position = offsetIndex.floorPosition(Integer.MAX_VALUE);
        while (position < size) {
            if (!readHeader(header, position) || header.limit() < WALK_HEADER) return false;
            BatchHeader batch = new BatchHeader(header, 0);
            int batchSize = batch.sizeInBytes();
            if (batchSize < BatchHeader.HEADER_SIZE || position + (long) batchSize > size || batch.magic() != BatchHeader.CURRENT_MAGIC
                    || batch.baseOffset() < nextOffset || batch.lastOffset() >= offsetLimit) {
                return false;
            }
            nextOffset = batch.lastOffset() + 1;
            position += batchSize;
        }
        if (times.entries() > 0 && baseOffset + times.lastRelativeOffset() >= nextOffset) return false;
        if (size > 0) firstBatchTimestamp = firstTimestamp();
        return true;
    }

    /** True when index entry {@code i} points at a batch that starts at the offset the entry names. */
    private boolean indexEntryMatches(OffsetIndex index, int i, ByteBuffer header) throws IOException {
        if (!readHeader(header, index.position(i)) || header.limit() < WALK_HEADER) return false;
        BatchHeader batch = new BatchHeader(header, 0);
        return batch.magic() == BatchHeader.CURRENT_MAGIC && batch.baseOffset() == baseOffset + index.relativeOffset(i);
    }

    private long firstTimestamp() throws IOException {
        ByteBuffer header = ByteBuffer.allocate(BatchHeader.HEADER_SIZE);
        return readHeader(header, 0) && header.limit() >= BatchHeader.MAX_TIMESTAMP + 8
                ? new BatchHeader(header, 0).maxTimestamp() : -1;
    }

    /**
     * Scans the whole segment, validating each batch (structure, magic, CRC-32C, increasing offsets), rebuilds
     * both indexes, and truncates the file at the first invalid batch. Returns the number of bytes cut.
     */
    long recover() throws IOException {
        return recover(Long.MAX_VALUE);
    }

    /** As {@link #recover()}; a batch reaching {@code offsetLimit} (the next segment's base) is invalid too. */
    long recover(long offsetLimit) throws IOException {
        offsetIndex.clear();
        timeIndex.clear();
        nextOffset = baseOffset;
        maxTimestamp = -1;
        firstBatchTimestamp = -1;
        bytesSinceOffsetEntry = 0;
        bytesSinceTimeEntry = 0;
        long fileSize = Math.min(channel.size(), Integer.MAX_VALUE);
        int validEnd = 0;
        String problem = null;
        ByteBuffer window = ByteBuffer.allocate(SCAN_BUFFER).limit(0);
        long windowStart = 0;
        while (validEnd < fileSize) {
            int at = (int) (validEnd - windowStart);
            if (window.limit() - at < BatchHeader.HEADER_SIZE) {
                window = refill(window, validEnd, fileSize);
                windowStart = validEnd;
                at = 0;
            }
            if (window.limit() - at >= BatchHeader.LOG_OVERHEAD) {
                long wanted = BatchHeader.LOG_OVERHEAD + (long) new BatchHeader(window, at).batchLength();
                if (wanted > window.limit() - at && wanted >= BatchHeader.HEADER_SIZE && validEnd + wanted <= fileSize) {
                    if (wanted > window.capacity()) window = ByteBuffer.allocate((int) wanted);
                    window = refill(window, validEnd, fileSize);
                    windowStart = validEnd;
                    at = 0;
                }
            }
            problem = BatchHeader.structuralError(window, at, window.limit());
            if (problem != null) break;
            BatchHeader batch = new BatchHeader(window, at);
            if (!batch.isCrcValid()) {
                problem = "CRC mismatch (stored " + batch.storedCrc() + ", computed " + batch.computeCrc() + ")";
                break;
            }
            if (batch.baseOffset() < nextOffset) {
                problem = "base offset " + batch.baseOffset() + " does not follow offset " + (nextOffset - 1);
                break;
            }
            if (batch.lastOffset() >= offsetLimit) {
                problem = "offset " + batch.lastOffset() + " runs into the next segment, which starts at offset " + offsetLimit;
                break;
            }
            if (batch.lastOffset() - baseOffset > Integer.MAX_VALUE) {
                problem = "offset " + batch.lastOffset() + " too far from segment base " + baseOffset;
                break;
            }
            trackBatch(batch, validEnd);
            validEnd += batch.sizeInBytes();
        }
        size = validEnd;
        long cut = channel.size() - validEnd;
        if (cut > 0) {
            log.warn("Truncating {} at byte {} ({}): cutting {} bytes after offset {}",
                    file, validEnd, problem == null ? "file larger than 2 GiB" : problem, cut, nextOffset - 1);
            channel.truncate(validEnd);
            channel.force(true);
        }
        return cut;
    }

    private ByteBuffer refill(ByteBuffer window, long from, long fileSize) throws IOException {
        window.clear();
        int want = (int) Math.min(window.capacity(), fileSize - from);
        window.limit(want);
        while (window.hasRemaining()) {
            if (channel.read(window, from + window.position()) < 0) break;
        }
        window.flip();
        return window;
    }

    /** Reads up to {@code header.capacity()} bytes at {@code position}; false if none could be read. */
    private boolean readHeader(ByteBuffer header, long position) throws IOException {
        header.clear();
        while (header.hasRemaining()) {
            if (channel.read(header, position + header.position()) < 0) break;
        }
        header.flip();
        return header.limit() >= BatchHeader.LOG_OVERHEAD;
    }

    /** Updates offsets, timestamps and indexes for a batch that was written at {@code position}. */
    private void trackBatch(BatchHeader batch, int position) {
        int batchSize = batch.sizeInBytes();
        int relativeOffset = (int) (batch.baseOffset() - baseOffset);
        if (offsetIndex.entries() == 0 || bytesSinceOffsetEntry >= indexIntervalBytes) {
            offsetIndex.append(relativeOffset, position);
            bytesSinceOffsetEntry = 0;
        }
        bytesSinceOffsetEntry += batchSize;
        long timestamp = batch.maxTimestamp();
        if (firstBatchTimestamp < 0) firstBatchTimestamp = timestamp;
        if (timestamp > maxTimestamp) maxTimestamp = timestamp;
        if (maxTimestamp > timeIndex.lastTimestamp() && (timeIndex.entries() == 0 || bytesSinceTimeEntry >= indexIntervalBytes)) {
            timeIndex.append(maxTimestamp, relativeOffset);
            bytesSinceTimeEntry = 0;
        }
        bytesSinceTimeEntry += batchSize;
        nextOffset = batch.lastOffset() + 1;
    }

    /**
     * Appends batches whose offsets are already assigned. On an I/O error (a full disk) the file is cut back to
     * its previous size so that it stays a valid sequence of batches, and the error is rethrown.
     */
    void append(ByteBuffer batches) throws IOException {
        int start = size;
        ByteBuffer toWrite = batches.duplicate();
        try {
            long position = start;
            while (toWrite.hasRemaining()) {
                position += channel.write(toWrite, position);
            }
        } catch (IOException e) {
            try {
                channel.truncate(start);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        int position = start;
        for (int at = batches.position(); at < batches.limit(); ) {
            BatchHeader batch = new BatchHeader(batches, at);
            trackBatch(batch, position);
            position += batch.sizeInBytes();
            at += batch.sizeInBytes();
        }
        size = position;
    }

    /**
     * Position of the first batch whose last offset is at least {@code offset} (the batch that contains it, or
     * the next one when compaction removed it), looking only below {@code visibleSize}; -1 if there is none.
     */
    int positionOf(long offset, int visibleSize) throws IOException {
        long relative = Math.max(0, offset - baseOffset);
        int position = offsetIndex.floorPosition((int) Math.min(relative, Integer.MAX_VALUE));
        ByteBuffer header = ByteBuffer.allocate(WALK_HEADER);
        while (position < visibleSize) {
            if (!readHeader(header, position) || header.limit() < WALK_HEADER) return -1;
            BatchHeader batch = new BatchHeader(header, 0);
            if (batch.lastOffset() >= offset) return position;
            position += batch.sizeInBytes();
        }
        return -1;
    }

    /**
     * Batches from the one holding {@code offset}, at most {@code maxBytes} long but always the whole first
     * batch (KIP-74: a consumer must make progress even when one batch exceeds its fetch size). Null when
     * nothing at or after {@code offset} is visible.
     */
    FileRegion read(long offset, int maxBytes, int visibleSize) throws IOException {
        int position = positionOf(offset, visibleSize);
        if (position < 0) return null;
        ByteBuffer header = ByteBuffer.allocate(BatchHeader.LOG_OVERHEAD);
        readHeader(header, position);
        int firstBatch = new BatchHeader(header, 0).sizeInBytes();
        int available = visibleSize - position;
        int length = Math.min(available, Math.max(firstBatch, maxBytes));
        return new FileRegion(channel, position, length);
    }

    /** Walks batches from {@code offset}'s batch to the end of the visible data, calling {@code visitor} with each header. */
    void forEachBatch(long offset, int visibleSize, BatchVisitor visitor) throws IOException {
        int position = positionOf(offset, visibleSize);
        if (position >= 0) walk(position, visibleSize, visitor);
    }

    private void walk(int position, int visibleSize, BatchVisitor visitor) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(BatchHeader.HEADER_SIZE);
        while (position < visibleSize) {
            if (!readHeader(header, position) || header.limit() < BatchHeader.HEADER_SIZE) return;
            BatchHeader batch = new BatchHeader(header, 0);
            if (!visitor.visit(batch, position)) return;
            position += batch.sizeInBytes();
        }
    }

    /** Called with each batch header by {@link #forEachBatch}; return false to stop. */
    @FunctionalInterface
    interface BatchVisitor {
        boolean visit(BatchHeader batch, int position) throws IOException;
    }

    /** Relative offset from which a time lookup should scan, from the time index. */
    long timeLookupStart(long timestamp) {
        return baseOffset + timeIndex.scanStartFor(timestamp);
    }

    void flush() throws IOException {
        channel.force(false);
    }

    /** Makes the segment immutable on disk: data synced, both indexes written durably. */
    void seal() throws IOException {
        channel.force(true);
        writeIndexes();
    }

    void writeIndexes() throws IOException {
        if (maxTimestamp > timeIndex.lastTimestamp() && nextOffset > baseOffset) {
            timeIndex.append(maxTimestamp, (int) (lastBatchBaseOffset() - baseOffset));
        }
        offsetIndex.writeTo(indexFile());
        timeIndex.writeTo(timeIndexFile());
    }

    private long lastBatchBaseOffset() throws IOException {
        long[] last = {baseOffset};
        walk(offsetIndex.floorPosition(Integer.MAX_VALUE), size, (batch, position) -> {
            last[0] = batch.baseOffset();
            return true;
        });
        return last[0];
    }

    void close() throws IOException {
        channel.close();
    }

    void delete() throws IOException {
        close();
        deleteFiles();
    }

    /** Removes the files but keeps the channel open, so reads already under way finish (POSIX unlink). */
    void deleteFiles() throws IOException {
        Files.deleteIfExists(file);
        Files.deleteIfExists(indexFile());
        Files.deleteIfExists(timeIndexFile());
    }

    Path indexFile() { return file.resolveSibling(Log.fileName(baseOffset, ".index")); }
    Path timeIndexFile() { return file.resolveSibling(Log.fileName(baseOffset, ".timeindex")); }
    FileChannel channel() { return channel; }
    int size() { return size; }
    long nextOffset() { return nextOffset; }
    long maxTimestamp() { return maxTimestamp; }
    boolean isEmpty() { return size == 0; }
    /** Timestamp of the first batch, used to roll by age (segment.ms); -1 when empty. */
    long firstBatchTimestamp() { return firstBatchTimestamp; }
}
