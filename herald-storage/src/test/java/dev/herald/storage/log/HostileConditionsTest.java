package dev.herald.storage.log;

import dev.herald.storage.batch.BatchHeader;
import dev.herald.storage.durability.FsyncPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static dev.herald.storage.log.Batches.batch;
import static dev.herald.storage.log.Batches.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Damage from outside: corrupt and truncated files, index files that lie, folders that vanish, a full disk.
 * Each test says what the engine must do: recover what is valid, say what it cut and why, and fail appends
 * with a clear {@link IOException} rather than lose acknowledged data or stop serving reads.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HostileConditionsTest {
    private static final LogConfig SMALL_SEGMENTS = LogConfig.DEFAULT.withSegmentBytes(1024).withIndexIntervalBytes(100);

    @TempDir Path dataDir;
    final LogTest.MutableClock clock = new LogTest.MutableClock(1_700_000_000_000L);
    final List<LogDirectory> opened = new ArrayList<>();

    @AfterEach
    void closeAll() {
        for (LogDirectory directory : opened) {
            try {
                directory.close();
            } catch (IOException e) {
                // Some tests leave a directory that cannot close cleanly (deleted folder, full disk).
            }
        }
    }

    private LogDirectory open(Path root) throws IOException {
        LogDirectory directory = LogDirectory.open(root, new FsyncPolicy.Always(), clock, Long.MAX_VALUE / 4);
        opened.add(directory);
        return directory;
    }

    private static void appendDurably(Log log, ByteBuffer batch) throws Exception {
        log.append(batch).durable().get(10, TimeUnit.SECONDS);
    }

    /** Writes 40 one-record batches over several 1 KiB segments and closes cleanly; returns the partition folder. */
    private Path writeFortyRecords() throws Exception {
        LogDirectory directory = open(dataDir);
        Log log = directory.openLog("orders", 0, SMALL_SEGMENTS);
        for (int i = 0; i < 40; i++) appendDurably(log, batch(clock.millis(), "k" + i + "=" + "v".repeat(100)));
        directory.close();
        return log.directory();
    }

    private static List<Path> segmentFiles(Path partition) throws IOException {
        try (Stream<Path> files = Files.list(partition)) {
            return files.filter(f -> f.toString().endsWith(".log")).sorted().toList();
        }
    }

    private static long baseOf(Path segment) {
        return Long.parseLong(segment.getFileName().toString().replace(".log", ""));
    }

    /** Byte positions of the batches in a segment file. */
    private static List<Integer> batchPositions(Path segment) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(segment));
        List<Integer> positions = new ArrayList<>();
        for (int at = 0; at < bytes.limit(); at += new BatchHeader(bytes, at).sizeInBytes()) positions.add(at);
        return positions;
    }

    private static void overwrite(Path file, long position, byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(bytes), position);
        }
    }

    /** Runs {@code action} with System.err captured (slf4j-simple logs there) and returns what was logged. */
    private static String logged(ThrowingRunnable action) throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        original.print(text);
        return text;
    }

    interface ThrowingRunnable { void run() throws Exception; }

    // ------------------------------------------------------------------------------------------- corruption

    @Test
    void truncatesCorruptMiddleSegmentWithoutIndexAndKeepsLaterSegments() throws Exception {
        Path partition = writeFortyRecords();
        List<Path> segments = segmentFiles(partition);
        assertThat(segments).hasSizeGreaterThan(4);
        Path middle = segments.get(2);
        long middleBase = baseOf(middle), nextBase = baseOf(segments.get(3));
        List<Integer> positions = batchPositions(middle);
        int corruptBatch = positions.size() / 2;
        // A flipped byte inside a record value: only the CRC can tell.
        overwrite(middle, positions.get(corruptBatch) + 80, new byte[] {'#'});
        Files.delete(middle.resolveSibling(Log.fileName(middleBase, ".index")));

        Log[] recovered = new Log[1];
        String log = logged(() -> recovered[0] = open(dataDir).openLog("orders", 0, SMALL_SEGMENTS));
        Log reopened = recovered[0];

        assertThat(log).contains("Truncating " + middle).contains("at byte " + positions.get(corruptBatch)).contains("CRC mismatch");
        assertThat(Files.size(middle)).isEqualTo((long) positions.get(corruptBatch));
        long firstLost = middleBase + corruptBatch;
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 40; i++) if (i < firstLost || i >= nextBase) expected.add(i + ":k" + i + "=" + "v".repeat(100));
        assertThat(readAll(reopened, 0)).containsExactlyElementsOf(expected);
        assertThat(reopened.logEndOffset()).isEqualTo(40);
        // A consumer positioned in the lost range moves on to the next segment.
        assertThat(Batches.records(reopened.read(firstLost, 100).region().readFully())).first().asString().startsWith(nextBase + ":");
        appendDurably(reopened, batch(clock.millis(), "after=1"));
        assertThat(readAll(reopened, 40)).containsExactly("40:after=1");
    }

    @Test
    void truncatesMiddleSegmentWhoseBaseOffsetFieldIsCorruptInsteadOfFailingTheWholeLog() throws Exception {
        Path partition = writeFortyRecords();
        List<Path> segments = segmentFiles(partition);
        Path middle = segments.get(2);
        long middleBase = baseOf(middle), nextBase = baseOf(segments.get(3));
        List<Integer> positions = batchPositions(middle);
        int corruptBatch = positions.size() / 2;
        // The base offset is outside the CRC: a jump forward into the next segment's range must still be caught.
        overwrite(middle, positions.get(corruptBatch), ByteBuffer.allocate(8).putLong(0, 1_000_000).array());
        Files.delete(middle.resolveSibling(Log.fileName(middleBase, ".index")));

        Log reopened = open(dataDir).openLog("orders", 0, SMALL_SEGMENTS);

        assertThat(Files.size(middle)).isEqualTo((long) positions.get(corruptBatch));
        assertThat(readAll(reopened, 0)).hasSize(40 - (int) (nextBase - middleBase - corruptBatch));
        assertThat(reopened.logEndOffset()).isEqualTo(40);
    }

    @Test
    void rebuildsGarbageIndexFiles() throws Exception {
        Path partition = writeFortyRecords();
        Random random = new Random(42);
        for (Path segment : segmentFiles(partition).subList(0, 3)) {
            long base = baseOf(segment);
            byte[] garbage = new byte[96];
            random.nextBytes(garbage);
            Files.write(partition.resolve(Log.fileName(base, ".index")), garbage);
            Files.write(partition.resolve(Log.fileName(base, ".timeindex")), garbage);
        }
        Log reopened = open(dataDir).openLog("orders", 0, SMALL_SEGMENTS);
        assertThat(readAll(reopened, 0)).hasSize(40);
        for (int i = 0; i < 40; i++) assertThat(readAll(reopened, i)).first().asString().startsWith(i + ":k" + i + "=");
        assertThat(reopened.offsetForTimestamp(clock.millis())).isEqualTo(new Log.TimestampAndOffset(clock.millis(), 0));
    }

    @Test
    void rebuildsAnIndexThatIsWellFormedButPointsAtTheWrongBatches() throws Exception {
        Path partition = writeFortyRecords();
        Path segment = segmentFiles(partition).get(1);
        long base = baseOf(segment);
        List<Integer> positions = batchPositions(segment);
        // Sorted, in range, on batch boundaries - but each entry names the batch after the one it points at.
        ByteBuffer lying = ByteBuffer.allocate(8 * (positions.size() - 1));
        for (int i = 1; i < positions.size(); i++) lying.putInt(i - 1).putInt(positions.get(i));
        Files.write(partition.resolve(Log.fileName(base, ".index")), lying.array());

        Log reopened = open(dataDir).openLog("orders", 0, SMALL_SEGMENTS);
        for (long offset = base; offset < base + positions.size(); offset++) {
            assertThat(readAll(reopened, offset)).first().asString().startsWith(offset + ":k" + offset + "=");
        }
    }

    // ----------------------------------------------------------------------------------------------- folders

    @Test
    void createsMissingDataFolder() throws Exception {
        Path root = dataDir.resolve("not/there/yet");
        Log log = open(root).openLog("orders", 0, LogConfig.DEFAULT);
        appendDurably(log, batch(clock.millis(), "a=1"));
        assertThat(root.resolve("orders-0")).isDirectory();
        assertThat(readAll(log, 0)).containsExactly("0:a=1");
    }

    @Test
    void failsAppendsClearlyWhenThePartitionFolderIsDeletedWhileOpen() throws Exception {
        LogDirectory directory = open(dataDir);
        Log log = directory.openLog("orders", 0, LogConfig.DEFAULT);
        appendDurably(log, batch(clock.millis(), "a=1"));
        deleteRecursively(log.directory());

        Throwable first = catchThrowable(() -> log.append(batch(clock.millis(), "b=2")).durable().get(10, TimeUnit.SECONDS));
        Throwable cause = first instanceof ExecutionException ? first.getCause() : first;
        assertThat(cause).isInstanceOf(IOException.class).hasMessageContaining("deleted").hasMessageContaining(log.directory().toString());
        assertThatThrownBy(() -> log.append(batch(clock.millis(), "c=3"))).isInstanceOf(IOException.class).hasMessageContaining("deleted");
        assertThat(log.highWatermark()).isEqualTo(1);
        directory.close();
        assertThat(dataDir.resolve(LogDirectory.CLEAN_SHUTDOWN_FILE)).exists();
    }

    private static void deleteRecursively(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) Files.delete(path);
        }
    }

    @Test
    void closesCleanlyWhileAnIntervalFsyncIsRunning() throws Exception {
        for (int round = 0; round < 20; round++) {
            Path root = dataDir.resolve("round-" + round);
            LogDirectory directory = LogDirectory.open(root, new FsyncPolicy.Interval(1), clock, Long.MAX_VALUE / 4);
            Log log = directory.openLog("orders", 0, LogConfig.DEFAULT);
            for (int i = 0; i < 20; i++) log.append(batch(clock.millis(), "k=" + "v".repeat(10_000)));
            directory.close();
            assertThat(root.resolve(LogDirectory.CLEAN_SHUTDOWN_FILE)).as("clean-shutdown marker after round %d", round).exists();
        }
    }

    // ------------------------------------------------------------------------------------------- full disk

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void failsAppendOnFullDiskAndStaysReadableAndRecovers() throws Exception {
        Path mount = dataDir.resolve("tmpfs");
        Files.createDirectories(mount);
        Process mounting = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", mount.toString())
                .redirectErrorStream(true).start();
        String output = new String(mounting.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Assumptions.assumeTrue(mounting.waitFor() == 0, "cannot mount a 2 MiB tmpfs to fill (needs root and CAP_SYS_ADMIN): " + output.trim());
        try {
            fillDiskThenRecover(mount.resolve("data"));
        } finally {
            for (LogDirectory directory : opened) {
                try {
                    directory.close();
                } catch (IOException e) {
                    // Full disk: the indexes or the marker could not be written; recovery covers that.
                }
            }
            opened.clear();
            new ProcessBuilder("umount", mount.toString()).inheritIO().start().waitFor();
        }
    }

    private void fillDiskThenRecover(Path root) throws Exception {
        LogConfig config = LogConfig.DEFAULT.withSegmentBytes(512 * 1024);
        LogDirectory directory = open(root);
        Log log = directory.openLog("orders", 0, config);
        String value = "v".repeat(60 * 1024);
        long acknowledged = 0;
        IOException failure = null;
        for (int i = 0; i < 100 && failure == null; i++) {
            long sizeBefore = activeSegmentSize(log);
            try {
                appendDurably(log, batch(clock.millis(), "k" + i + "=" + value));
                acknowledged++;
            } catch (IOException e) {
                failure = e;
                // Segment.append cuts a partial write back, so the file still ends on a whole batch.
                assertThat(activeSegmentSize(log)).isIn(sizeBefore, 0L);
            }
        }
        assertThat(failure).as("an append on a full 2 MiB disk").isNotNull();
        System.err.println("Full disk append failed as expected: " + failure);
        assertThat(acknowledged).isBetween(20L, 40L);
        assertThat(log.logEndOffset()).isEqualTo(acknowledged);
        assertThat(log.highWatermark()).isEqualTo(acknowledged);
        assertThat(readAll(log, 0)).hasSize((int) acknowledged);
        Throwable second = catchThrowable(() -> appendDurably(log, batch(clock.millis(), "again=" + value)));
        assertThat(second).isInstanceOf(IOException.class);
        assertThat(readAll(log, 0)).hasSize((int) acknowledged);

        try {
            directory.close();
        } catch (IOException e) {
            System.err.println("Close on a full disk failed as it may: " + e);
        }
        opened.remove(directory);
        Log recovered = open(root).openLog("orders", 0, config);
        assertThat(recovered.logEndOffset()).isEqualTo(acknowledged);
        List<String> records = readAll(recovered, 0);
        assertThat(records).hasSize((int) acknowledged);
        for (int i = 0; i < acknowledged; i++) assertThat(records.get(i)).isEqualTo(i + ":k" + i + "=" + value);
    }

    private static long activeSegmentSize(Log log) throws IOException {
        List<Path> segments = segmentFiles(log.directory());
        return Files.size(segments.getLast());
    }
}
