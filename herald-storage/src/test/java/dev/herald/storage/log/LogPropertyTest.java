package dev.herald.storage.log;

import dev.herald.storage.durability.FsyncPolicy;
import dev.herald.storage.log.LogConfig.CleanupPolicy;
import dev.herald.storage.log.LogModel.Entry;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Random sequences of log operations checked against {@link LogModel}: append (any compression, a few keys,
 * tombstones, several batches per call), read at any offset with any byte limit, roll, retention by time and by
 * size under a hand-moved clock, DeleteRecords, compaction, and clean and unclean restarts (with a torn tail).
 * After every operation that changes the log, a consumer reading from the log start must see exactly the model's
 * records.
 *
 * <p>Segment boundaries are observed (listing the partition folder), not predicted: retention and compaction
 * decisions are then derived from them and the model's timestamps and sizes.
 */
class LogPropertyTest {

    // ------------------------------------------------------------------------------------------ operations

    sealed interface Op permits Append, Read, Roll, Tick, Retention, DeleteRecords, Compact, FindByTime, Restart { }

    /** {@code valueSize < 0} is a tombstone; key {@code "*"} stands for a key used only once. */
    record Rec(String key, int valueSize) { }
    record Append(List<Rec> records, String compression, boolean twoBatches) implements Op { }
    record Read(int offsetPick, int maxBytes) implements Op { }
    record Roll() implements Op { }
    record Tick(long ms) implements Op { }
    record Retention() implements Op { }
    record DeleteRecords(int offsetPick) implements Op { }
    record Compact() implements Op { }
    record FindByTime(int pick) implements Op { }
    /** {@code tornTail}: 0 nothing, 1 garbage bytes, 2 half a batch appended to the active segment before restart. */
    record Restart(boolean clean, int tornTail) implements Op { }

    record Setup(LogConfig config, boolean fsyncAlways) { }

    @Provide
    Arbitrary<Setup> setups() {
        Arbitrary<Integer> segmentBytes = Arbitraries.of(1024, 3000, 16_384);
        Arbitrary<Integer> indexInterval = Arbitraries.of(0, 100, 4096);
        Arbitrary<Set<CleanupPolicy>> policy = Arbitraries.of(Set.of(CleanupPolicy.DELETE), Set.of(CleanupPolicy.COMPACT),
                Set.of(CleanupPolicy.COMPACT, CleanupPolicy.DELETE));
        Arbitrary<Long> retentionMs = Arbitraries.of(-1L, 30_000L);
        Arbitrary<Long> retentionBytes = Arbitraries.of(-1L, 3_000L, 20_000L);
        Arbitrary<Long> deleteRetentionMs = Arbitraries.of(0L, 2_000L, 86_400_000L);
        Arbitrary<Boolean> fsyncAlways = Arbitraries.of(true, false);
        return Combinators.combine(segmentBytes, indexInterval, policy, retentionMs, retentionBytes, deleteRetentionMs, fsyncAlways)
                .as((segment, interval, cleanup, retMs, retBytes, deleteRetention, always) -> new Setup(
                        LogConfig.DEFAULT.withSegmentBytes(segment).withIndexIntervalBytes(interval).withCleanupPolicy(cleanup)
                                .withRetentionMs(retMs).withRetentionBytes(retBytes).withDeleteRetentionMs(deleteRetention),
                        always));
    }

    @Provide
    Arbitrary<List<Op>> operations() {
        Arbitrary<Rec> record = Combinators.combine(
                        Arbitraries.of("a", "b", "c", "d", "", "*", "*"),
                        Arbitraries.integers().between(0, 9),
                        Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.integers().between(0, 40)),
                                Tuple.of(1, Arbitraries.integers().between(100, 2500))))
                .as((key, dice, size) -> key.isEmpty() ? new Rec(null, size) : new Rec(key, dice < 2 ? -1 : size));
        // Now and then a large batch, so that reads, byte limits and the cleaner also see batches bigger than a segment.
        Arbitrary<List<Rec>> batchRecords = Arbitraries.frequencyOf(Tuple.of(12, record.list().ofMinSize(1).ofMaxSize(6)),
                Tuple.of(1, record.list().ofMinSize(20).ofMaxSize(80)));
        Arbitrary<Op> append = Combinators.combine(batchRecords,
                        Arbitraries.of("none", "gzip", "lz4", "zstd", "snappy"),
                        Arbitraries.integers().between(0, 4))
                .as((records, compression, split) -> new Append(records, compression, split == 0 && records.size() > 1));
        Arbitrary<Op> read = Combinators.combine(Arbitraries.integers().between(0, 10_000),
                Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.integers().between(1, 100)),
                        Tuple.of(2, Arbitraries.integers().between(100, 10_000)))).as(Read::new);
        return Arbitraries.frequencyOf(
                Tuple.of(12, append),
                Tuple.of(4, read),
                Tuple.of(1, Arbitraries.just(new Roll())),
                Tuple.of(3, Arbitraries.of(0L, 1L, 700L, 5_000L, 40_000L).map(Tick::new)),
                Tuple.of(1, Arbitraries.just(new Retention())),
                Tuple.of(1, Arbitraries.integers().between(0, 10_000).map(DeleteRecords::new)),
                Tuple.of(2, Arbitraries.just(new Compact())),
                Tuple.of(2, Arbitraries.integers().between(0, 10_000).map(FindByTime::new)),
                Tuple.of(2, Combinators.combine(Arbitraries.of(true, false), Arbitraries.integers().between(0, 2)).as(Restart::new))
        ).list().ofMinSize(5).ofMaxSize(60).withSizeDistribution(RandomDistribution.uniform());
    }

    @Property(tries = 150, shrinking = ShrinkingMode.BOUNDED, edgeCases = EdgeCasesMode.NONE)
    void behavesLikeTheModel(@ForAll("setups") Setup setup, @ForAll("operations") List<Op> operations) throws Exception {
        try (Runner runner = new Runner(setup)) {
            for (Op op : operations) runner.apply(op);
            runner.checkConsumerView();
        }
    }

    // ---------------------------------------------------------------------------------------------- runner

    /** One log under test, its model, and the clock both share. */
    private static final class Runner implements AutoCloseable {
        private final Setup setup;
        private final Path dataDir;
        private final LogTest.MutableClock clock = new LogTest.MutableClock(1_700_000_000_000L);
        private final LogModel model = new LogModel();
        private LogDirectory directory;
        private Log log;
        private long values;

        Runner(Setup setup) throws IOException {
            this.setup = setup;
            this.dataDir = Files.createTempDirectory("herald-property-");
            open();
        }

        private void open() throws IOException {
            FsyncPolicy policy = setup.fsyncAlways() ? new FsyncPolicy.Always() : new FsyncPolicy.Interval(3_600_000);
            directory = LogDirectory.open(dataDir, policy, clock, Long.MAX_VALUE / 4);
            log = directory.openLog("topic", 0, setup.config());
        }

        void apply(Op op) throws Exception {
            switch (op) {
                case Append append -> append(append);
                case Read read -> read(read);
                case Roll roll -> { log.roll(true); checkConsumerView(); }
                case Tick tick -> clock.advance(tick.ms());
                case Retention retention -> retention();
                case DeleteRecords delete -> deleteRecords(delete);
                case Compact compact -> compact();
                case FindByTime find -> findByTime(find);
                case Restart restart -> restart(restart);
            }
        }

        private void append(Append op) throws Exception {
            long timestamp = clock.millis();
            long first = model.logEndOffset;
            List<Entry> entries = new ArrayList<>();
            List<SimpleRecord> records = new ArrayList<>();
            for (Rec rec : op.records()) {
                String key = "*".equals(rec.key()) ? "unique-" + values : rec.key();
                String value = rec.valueSize() < 0 ? null : "v" + values++ + "-" + "x".repeat(rec.valueSize());
                entries.add(new Entry(first + entries.size(), key, value, timestamp));
                records.add(new SimpleRecord(timestamp, bytes(key), bytes(value)));
            }
            Compression compression = compression(op.compression());
            ByteBuffer buffer;
            if (op.twoBatches()) {
                int half = records.size() / 2;
                ByteBuffer one = MemoryRecords.withRecords(compression, records.subList(0, half).toArray(SimpleRecord[]::new)).buffer();
                ByteBuffer two = MemoryRecords.withRecords(compression, records.subList(half, records.size()).toArray(SimpleRecord[]::new)).buffer();
                buffer = ByteBuffer.allocate(one.remaining() + two.remaining()).put(one).put(two).flip();
            } else {
                buffer = MemoryRecords.withRecords(compression, records.toArray(SimpleRecord[]::new)).buffer();
            }
            Log.AppendResult result = log.append(buffer);
            result.durable().get(10, TimeUnit.SECONDS);
            assertThat(result.firstOffset()).isEqualTo(first);
            assertThat(result.lastOffset()).isEqualTo(first + entries.size() - 1);
            if (op.twoBatches()) {
                int half = entries.size() / 2;
                model.append(entries.subList(0, half), timestamp);
                model.append(entries.subList(half, entries.size()), timestamp);
            } else {
                model.append(entries, timestamp);
            }
            assertThat(log.highWatermark()).isEqualTo(model.logEndOffset);
        }

        private void read(Read op) throws IOException {
            long start = model.logStartOffset, end = model.logEndOffset;
            long offset = start - 1 + op.offsetPick() % (end - start + 3);
            if (offset < start || offset > end) {
                assertThatThrownBy(() -> log.read(offset, op.maxBytes())).isInstanceOf(OffsetOutOfRangeException.class);
                return;
            }
            Log.ReadResult result = log.read(offset, op.maxBytes());
            assertThat(result.logStartOffset()).isEqualTo(start);
            assertThat(result.highWatermark()).isEqualTo(end);
            if (offset == end) {
                assertThat(result.isEmpty()).as("read at the high watermark").isTrue();
                return;
            }
            assertThat(result.isEmpty()).as("read at %d below the high watermark %d", offset, end).isFalse();
            ByteBuffer bytes = result.region().readFully();
            List<RecordBatch> batches = new ArrayList<>();
            MemoryRecords.readableRecords(bytes.duplicate()).batches().forEach(batches::add);
            assertThat(batches).as("whole batches in a read of %d bytes", result.sizeInBytes()).isNotEmpty();
            RecordBatch first = batches.getFirst();
            assertThat(result.sizeInBytes()).isLessThanOrEqualTo(Math.max(op.maxBytes(), first.sizeInBytes()));
            assertThat(first.lastOffset()).isGreaterThanOrEqualTo(offset);
            List<Entry> returned = new ArrayList<>();
            for (RecordBatch batch : batches) {
                assertThat(batch.isValid()).as("CRC of batch at %d", batch.baseOffset()).isTrue();
                for (Entry entry : entries(batch)) if (entry.offset() >= offset) returned.add(entry);
            }
            List<Entry> expected = model.from(offset);
            assertThat(returned).isEqualTo(expected.subList(0, Math.min(returned.size(), expected.size())));
            long inFirstBatch = expected.stream().filter(e -> e.offset() <= first.lastOffset()).count();
            assertThat((long) returned.size()).as("records of the first batch").isGreaterThanOrEqualTo(inFirstBatch);
        }

        private void retention() throws IOException {
            NavigableMap<Long, Long> segments = segmentFiles();
            LogConfig config = setup.config();
            while (segments.size() > 1 && segments.higherKey(segments.firstKey()) <= model.logStartOffset) segments.pollFirstEntry();
            if (config.deletesByRetention()) {
                long now = clock.millis();
                long activeBase = segments.lastKey();
                if (config.retentionMs() >= 0 && segments.lastEntry().getValue() > 0
                        && now - model.maxTimestamp(activeBase, Long.MAX_VALUE) > config.retentionMs()) {
                    segments.put(model.logEndOffset, 0L);
                }
                long total = segments.values().stream().mapToLong(Long::longValue).sum();
                while (segments.size() > 1) {
                    var oldest = segments.firstEntry();
                    long oldestMax = model.maxTimestamp(oldest.getKey(), segments.higherKey(oldest.getKey()));
                    boolean expired = config.retentionMs() >= 0 && now - oldestMax > config.retentionMs();
                    boolean oversize = config.retentionBytes() >= 0 && total - oldest.getValue() >= config.retentionBytes();
                    if (!expired && !oversize) break;
                    total -= oldest.getValue();
                    segments.pollFirstEntry();
                }
            }
            log.applyRetention();
            assertThat(segmentFiles().keySet()).as("segments after retention").isEqualTo(segments.keySet());
            model.advanceLogStart(segments.firstKey());
            model.segmentsDeletedBelow(segments.firstKey());
            checkConsumerView();
        }

        private void deleteRecords(DeleteRecords op) throws IOException {
            long start = model.logStartOffset, end = model.logEndOffset;
            long offset = start + op.offsetPick() % (end - start + 2);
            if (offset > end) {
                assertThatThrownBy(() -> log.deleteRecordsBefore(offset)).isInstanceOf(OffsetOutOfRangeException.class);
                return;
            }
            assertThat(log.deleteRecordsBefore(offset)).isEqualTo(Math.max(start, offset));
            model.advanceLogStart(offset);
            NavigableMap<Long, Long> segments = segmentFiles();
            assertThat(segments.size() == 1 || segments.higherKey(segments.firstKey()) > model.logStartOffset)
                    .as("segments wholly below the log start offset %d are deleted: %s", model.logStartOffset, segments.keySet()).isTrue();
            model.segmentsDeletedBelow(segments.firstKey());
            checkConsumerView();
        }

        private void compact() throws IOException {
            NavigableMap<Long, Long> segments = segmentFiles();
            log.compact();
            if (setup.config().compacted() && segments.size() > 1) {
                model.compact(segments.lastKey(), clock.millis(), setup.config().deleteRetentionMs());
            }
            assertThat(log.logEndOffset()).isEqualTo(model.logEndOffset);
            checkConsumerView();
        }

        private void findByTime(FindByTime op) throws IOException {
            List<Long> candidates = new ArrayList<>();
            for (Entry entry : model.records.values()) {
                candidates.add(entry.timestamp() - 1);
                candidates.add(entry.timestamp());
                candidates.add(entry.timestamp() + 1);
            }
            candidates.add(clock.millis() + 1);
            long timestamp = candidates.get(op.pick() % candidates.size());
            assertThat(log.offsetForTimestamp(timestamp)).as("offset for timestamp %d", timestamp)
                    .isEqualTo(model.offsetForTimestamp(timestamp));
        }

        private void restart(Restart op) throws Exception {
            if (op.clean()) {
                directory.close();
            } else {
                NavigableMap<Long, Long> before = segmentFiles();
                directory.closeAbruptly();
                if (op.tornTail() > 0) tearTail(before.lastKey(), op.tornTail() == 1);
            }
            open();
            assertThat(directory.wasCleanShutdown()).isEqualTo(op.clean());
            assertThat(log.logStartOffset()).isEqualTo(model.logStartOffset);
            assertThat(log.logEndOffset()).isEqualTo(model.logEndOffset);
            checkConsumerView();
        }

        /** What a crash in the middle of a write leaves at the end of the active segment. */
        private void tearTail(long activeBase, boolean garbage) throws IOException {
            ByteBuffer tail;
            if (garbage) {
                byte[] bytes = new byte[1 + (int) (values % 97)];
                for (int i = 0; i < bytes.length; i++) bytes[i] = (byte) (i * 31 + values);
                tail = ByteBuffer.wrap(bytes);
            } else {
                tail = MemoryRecords.withRecords(Compression.NONE, new SimpleRecord(clock.millis(), null, "torn".repeat(30).getBytes(StandardCharsets.UTF_8))).buffer();
                tail.putLong(0, model.logEndOffset);
                tail.limit(tail.limit() / 2);
            }
            try (FileChannel channel = FileChannel.open(log.directory().resolve(Log.fileName(activeBase, ".log")), StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                while (tail.hasRemaining()) channel.write(tail);
            }
        }

        /** A consumer reading from the log start sees exactly the model's records; the offsets agree. */
        void checkConsumerView() throws IOException {
            assertThat(log.logStartOffset()).as("log start offset").isEqualTo(model.logStartOffset);
            assertThat(log.logEndOffset()).as("log end offset").isEqualTo(model.logEndOffset);
            assertThat(log.highWatermark()).as("high watermark").isEqualTo(model.logEndOffset);
            List<Entry> seen = new ArrayList<>();
            long next = model.logStartOffset;
            while (next < log.highWatermark()) {
                Log.ReadResult result = log.read(next, 3000);
                assertThat(result.isEmpty()).as("read at %d", next).isFalse();
                long after = next;
                for (RecordBatch batch : MemoryRecords.readableRecords(result.region().readFully()).batches()) {
                    assertThat(batch.isValid()).as("CRC of batch at %d", batch.baseOffset()).isTrue();
                    for (Entry entry : entries(batch)) if (entry.offset() >= next) seen.add(entry);
                    after = batch.nextOffset();
                }
                assertThat(after).as("progress reading from %d", next).isGreaterThan(next);
                next = after;
            }
            assertThat(seen).isEqualTo(model.from(model.logStartOffset));
        }

        /** Base offset to size of each segment file in the partition folder. */
        private NavigableMap<Long, Long> segmentFiles() throws IOException {
            NavigableMap<Long, Long> segments = new TreeMap<>();
            try (Stream<Path> files = Files.list(log.directory())) {
                for (Path file : files.filter(f -> f.toString().endsWith(".log")).toList()) {
                    segments.put(Long.parseLong(file.getFileName().toString().replace(".log", "")), Files.size(file));
                }
            }
            return segments;
        }

        @Override
        public void close() throws IOException {
            try {
                directory.close();
            } finally {
                try (Stream<Path> walk = Files.walk(dataDir)) {
                    for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(path);
                }
            }
        }
    }

    static List<Entry> entries(RecordBatch batch) {
        List<Entry> out = new ArrayList<>();
        for (Record record : batch) {
            out.add(new Entry(record.offset(), string(record.hasKey() ? record.key() : null),
                    string(record.hasValue() ? record.value() : null), record.timestamp()));
        }
        return out;
    }

    private static String string(ByteBuffer buffer) {
        return buffer == null ? null : StandardCharsets.UTF_8.decode(buffer).toString();
    }

    private static byte[] bytes(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    static Compression compression(String name) {
        return switch (name) {
            case "gzip" -> Compression.gzip().build();
            case "lz4" -> Compression.lz4().build();
            case "zstd" -> Compression.zstd().build();
            case "snappy" -> Compression.snappy().build();
            default -> Compression.NONE;
        };
    }
}
