package dev.herald.storage.log;

import dev.herald.storage.index.IndexFiles;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecords.RecordFilter;
import org.apache.kafka.common.record.internal.MemoryRecords.RecordFilter.BatchRetention;
import org.apache.kafka.common.record.internal.MemoryRecords.RecordFilter.BatchRetentionResult;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.utils.internals.BufferSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Log compaction ({@code cleanup.policy=compact}): keeps only the latest record for each key in the sealed
 * segments, and drops tombstones (null values) once their delete horizon ({@code delete.retention.ms} after the
 * cleaning that first saw them, as Kafka does) has passed. Batches keep their producer ids, sequences and
 * compression; a batch left with no records keeps its header when it is the last of a segment group, so the
 * group's offset range, and hence the next offset, never moves.
 *
 * <p>Crash safety: each group of old segments is rewritten to {@code BASE.cleaned}, synced, renamed to
 * {@code BASE.swap}; then the old segments are deleted and {@code .swap} is renamed to {@code .log}. On open,
 * {@link #completeSwaps} finishes any swap a crash interrupted, and {@code .cleaned} files are discarded.
 *
 * <p>Threading: runs under the partition's lock, called by {@link Log#compact}.
 */
final class Compactor {
    private static final Logger log = LoggerFactory.getLogger(Compactor.class);

    record Result(List<Segment> segments, long bytesRemoved) { }

    private final Path directory;
    private final LogConfig config;
    private final long nowMs;

    Compactor(Path directory, LogConfig config, long nowMs) {
        this.directory = directory;
        this.config = config;
        this.nowMs = nowMs;
    }

    Result compact(List<Segment> sealed, long logStartOffset) throws IOException {
        Map<ByteBuffer, Long> latest = latestOffsets(sealed);
        List<Segment> output = new ArrayList<>();
        long before = 0, after = 0;
        for (List<Segment> group : groups(sealed)) {
            for (Segment segment : group) before += segment.size();
            Segment cleaned = rewrite(group, latest, logStartOffset);
            after += cleaned.size();
            output.add(cleaned);
        }
        log.info("Compacted {}: {} segments, {} -> {} bytes", directory.getFileName(), sealed.size(), before, after);
        return new Result(output, before - after);
    }

    private static Map<ByteBuffer, Long> latestOffsets(List<Segment> segments) throws IOException {
        Map<ByteBuffer, Long> latest = new HashMap<>();
        for (Segment segment : segments) {
            ByteBuffer bytes = new FileRegion(segment.channel(), 0, segment.size()).readFully();
            for (RecordBatch batch : MemoryRecords.readableRecords(bytes).batches()) {
                if (batch.isControlBatch()) continue;
                for (Record record : batch) {
                    if (record.hasKey()) latest.put(copy(record.key()), record.offset());
                }
            }
        }
        return latest;
    }

    /** Consecutive segments whose combined size fits in one segment. */
    private List<List<Segment>> groups(List<Segment> sealed) {
        List<List<Segment>> groups = new ArrayList<>();
        List<Segment> current = new ArrayList<>();
        long bytes = 0;
        for (Segment segment : sealed) {
            if (!current.isEmpty() && bytes + segment.size() > config.segmentBytes()) {
                groups.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(segment);
            bytes += segment.size();
        }
        if (!current.isEmpty()) groups.add(current);
        return groups;
    }

    private Segment rewrite(List<Segment> group, Map<ByteBuffer, Long> latest, long logStartOffset) throws IOException {
        long base = group.getFirst().baseOffset;
        long groupNextOffset = group.getLast().nextOffset();
        Path cleaned = directory.resolve(Log.fileName(base, ".cleaned"));
        try (FileChannel out = FileChannel.open(cleaned, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
             BufferSupplier buffers = BufferSupplier.create()) {
            long position = 0;
            RecordFilter filter = new Filter(latest, logStartOffset, groupNextOffset, nowMs, config.deleteRetentionMs());
            for (Segment segment : group) {
                ByteBuffer input = new FileRegion(segment.channel(), 0, segment.size()).readFully();
                ByteBuffer destination = ByteBuffer.allocate(Math.max(input.remaining(), 1024));
                // filterTo stops early when its output outgrows the destination (stamping a tombstone's delete
                // horizon can make a batch larger), reporting how far it read; go on from there, as Kafka's cleaner does.
                for (int read = 0; read < input.limit(); ) {
                    ByteBuffer rest = input.duplicate().position(read).slice();
                    MemoryRecords.FilterResult result = MemoryRecords.readableRecords(rest).filterTo(filter, destination.clear(), buffers, Integer.MAX_VALUE);
                    if (result.bytesRead() == 0) {
                        throw new IOException("cannot compact " + segment.file + ": no whole batch at byte " + read);
                    }
                    read += result.bytesRead();
                    ByteBuffer filtered = result.outputBuffer().flip();
                    while (filtered.hasRemaining()) position += out.write(filtered, position);
                }
            }
            out.force(true);
        }
        Path swap = directory.resolve(Log.fileName(base, ".swap"));
        Files.move(cleaned, swap, StandardCopyOption.ATOMIC_MOVE);
        IndexFiles.syncDirectory(directory);
        // Only the files: readers may still be reading the old segments, which the log closes later.
        for (Segment old : group) old.deleteFiles();
        return finishSwap(swap, base);
    }

    private Segment finishSwap(Path swap, long base) throws IOException {
        Path target = directory.resolve(Log.fileName(base, ".log"));
        Files.move(swap, target, StandardCopyOption.ATOMIC_MOVE);
        IndexFiles.syncDirectory(directory);
        Segment segment = Segment.open(target, base, config.indexIntervalBytes(), false);
        segment.writeIndexes();
        return segment;
    }

    /**
     * Finishes compactions interrupted by a crash: a {@code .swap} file is complete, so the old segments inside
     * its offset range are deleted and it becomes the segment.
     */
    static void completeSwaps(Path directory) throws IOException {
        List<Path> swaps;
        try (Stream<Path> listing = Files.list(directory)) {
            swaps = listing.filter(p -> p.getFileName().toString().endsWith(".swap")).sorted().toList();
        }
        for (Path swap : swaps) {
            long base = Long.parseLong(swap.getFileName().toString().replace(".swap", ""));
            Segment scanned = Segment.open(swap, base, Integer.MAX_VALUE, false);
            long next = scanned.nextOffset();
            scanned.close();
            try (Stream<Path> listing = Files.list(directory)) {
                for (Path file : listing.toList()) {
                    String name = file.getFileName().toString();
                    if (!name.matches("\\d{20}\\.(log|index|timeindex)")) continue;
                    long fileBase = Long.parseLong(name.substring(0, 20));
                    if (fileBase >= base && fileBase < next) Files.delete(file);
                }
            }
            log.warn("Completing compaction of {} interrupted by a crash: offsets [{}, {})", directory.getFileName(), base, next);
            Files.move(swap, directory.resolve(Log.fileName(base, ".log")), StandardCopyOption.ATOMIC_MOVE);
        }
        if (!swaps.isEmpty()) IndexFiles.syncDirectory(directory);
    }

    private static ByteBuffer copy(ByteBuffer buffer) {
        ByteBuffer copy = ByteBuffer.allocate(buffer.remaining());
        copy.put(buffer.duplicate()).flip();
        return copy;
    }

    /** Kafka's record filter for one cleaning pass. */
    private static final class Filter extends RecordFilter {
        private final Map<ByteBuffer, Long> latest;
        private final long logStartOffset;
        private final long groupNextOffset;

        Filter(Map<ByteBuffer, Long> latest, long logStartOffset, long groupNextOffset, long nowMs, long deleteRetentionMs) {
            super(nowMs, deleteRetentionMs);
            this.latest = latest;
            this.logStartOffset = logStartOffset;
            this.groupNextOffset = groupNextOffset;
        }

        @Override
        protected BatchRetentionResult checkBatchRetention(RecordBatch batch) {
            // The group's last batch keeps at least its header so the group's offset range is preserved.
            boolean lastOfGroup = batch.lastOffset() + 1 == groupNextOffset;
            return new BatchRetentionResult(lastOfGroup ? BatchRetention.RETAIN_EMPTY : BatchRetention.DELETE_EMPTY, false);
        }

        @Override
        protected boolean shouldRetainRecord(RecordBatch batch, Record record) {
            if (record.offset() < logStartOffset) return false;
            if (!record.hasKey()) return true;
            Long newest = latest.get(record.key());
            if (newest != null && newest > record.offset()) return false;
            if (record.hasValue()) return true;
            // A tombstone: kept until its delete horizon passes, so consumers that lag see the delete.
            return batch.deleteHorizonMs().isEmpty() || batch.deleteHorizonMs().getAsLong() > currentTime;
        }
    }
}
