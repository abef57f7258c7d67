package dev.herald.storage.log;

import dev.herald.storage.batch.BatchHeader;
import dev.herald.storage.durability.FsyncPolicy;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Really kills ({@code SIGKILL}, via {@link Process#destroyForcibly}) a child JVM running {@link CrashWriter},
 * many times in a row on the same data directory, then checks what the acknowledgements promised: every
 * acknowledged batch is at its offsets with its payload, offsets run without a gap from the log start, every
 * batch in every segment file has a valid CRC, and the log takes appends again.
 *
 * <p>A kill leaves the page cache intact, so even {@code fsync=interval} must keep every acknowledged write;
 * power loss is not simulated here (see docs/durability.md).
 */
@Tag("slow")
class CrashTest {
    private static final Pattern ACK = Pattern.compile("ACK (\\d+) (\\d+) (\\d+) (\\S+) (\\d+) \\$");

    record Ack(int partition, long firstOffset, long lastOffset, String payloadId, int count) { }

    @TempDir Path dataDir;
    private int truncations;
    private int swapsCompleted;

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void keepsEveryAcknowledgedAppendAcrossRepeatedKillsWithFsyncAlways() throws Exception {
        killRepeatedly("always", 22, new Random());
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void keepsEveryAcknowledgedAppendAcrossRepeatedKillsWithFsyncInterval() throws Exception {
        killRepeatedly("interval:200", 10, new Random());
    }

    private void killRepeatedly(String policy, int rounds, Random random) throws Exception {
        List<Ack> acks = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            acks.addAll(runAndKill(policy, round, random));
        }
        System.out.printf("CrashTest %s: %d kills, %d acknowledged appends, %d tails truncated and %d compactions completed by recovery%n",
                policy, rounds, acks.size(), truncations, swapsCompleted);
        assertThat(acks).as("acknowledged appends over %d rounds", rounds).hasSizeGreaterThan(rounds);
        verify(acks);
    }

    /** Starts a writer, kills it at a random moment, returns what it acknowledged. */
    private List<Ack> runAndKill(String policy, int round, Random random) throws Exception {
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Path stderr = dataDir.resolveSibling(dataDir.getFileName() + "-writer-" + round + ".err");
        Process process = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), CrashWriter.class.getName(),
                dataDir.toString(), policy, Integer.toString(round))
                .redirectError(stderr.toFile())
                .start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = Thread.ofPlatform().name("crash-writer-stdout").daemon(true).start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII))) {
                for (String line; (line = in.readLine()) != null; ) lines.add(line);
            } catch (IOException e) {
                // The pipe closes when the child dies.
            }
        });
        List<Ack> acks = new ArrayList<>();
        try {
            boolean byTime = random.nextInt(3) == 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            if (byTime) {
                // Anywhere from mid-recovery to well into the appends.
                Thread.sleep(random.nextInt(2500));
            } else {
                int wanted = 1 + random.nextInt(600);
                while (acks.size() < wanted) {
                    String line = lines.poll(100, TimeUnit.MILLISECONDS);
                    if (line != null) parse(line, acks);
                    if (!process.isAlive()) break;
                    if (System.nanoTime() > deadline) fail("round %d: writer made only %d acknowledgements in 60 s", round, acks.size());
                }
            }
            if (!process.isAlive()) {
                fail("round %d: writer exited by itself with status %d: %s", round, process.exitValue(), Files.readString(stderr));
            }
        } finally {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
            reader.join(10_000);
        }
        for (String line; (line = lines.poll()) != null; ) parse(line, acks);
        for (String line : Files.readAllLines(stderr)) {
            if (line.contains("Truncating")) truncations++;
            if (line.contains("Completing compaction")) swapsCompleted++;
        }
        Files.deleteIfExists(stderr);
        return acks;
    }

    private static void parse(String line, List<Ack> acks) {
        Matcher m = ACK.matcher(line);
        if (m.matches()) {
            acks.add(new Ack(Integer.parseInt(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)), m.group(4), Integer.parseInt(m.group(5))));
        }
    }

    private void verify(List<Ack> acks) throws Exception {
        assertEverySegmentFileIsWholeValidBatches();
        try (LogDirectory directory = LogDirectory.open(dataDir, new FsyncPolicy.Always(), Clock.systemUTC(), Long.MAX_VALUE / 4)) {
            assertThat(directory.wasCleanShutdown()).isFalse();
            for (int partition = 0; partition < CrashWriter.TOPICS.size(); partition++) {
                Log log = CrashWriter.open(directory, partition);
                TreeMap<Long, String> values = readContiguously(log);
                int p = partition;
                for (Ack ack : acks.stream().filter(a -> a.partition() == p).toList()) {
                    assertThat(ack.lastOffset() - ack.firstOffset() + 1).isEqualTo(ack.count());
                    for (int i = 0; i < ack.count(); i++) {
                        long offset = ack.firstOffset() + i;
                        assertThat(values.get(offset)).as("partition %d offset %d, acknowledged as %s", p, offset, ack.payloadId())
                                .startsWith(ack.payloadId() + "/" + i + "/");
                    }
                }
                long end = log.logEndOffset();
                Log.AppendResult after = log.append(MemoryRecords.withRecords(Compression.NONE,
                        new SimpleRecord(System.currentTimeMillis(), null, "after-recovery".getBytes(StandardCharsets.US_ASCII))).buffer());
                after.durable().get(10, TimeUnit.SECONDS);
                assertThat(after.firstOffset()).isEqualTo(end);
                assertThat(readContiguously(log).get(end)).isEqualTo("after-recovery");
            }
        }
    }

    /** Reads the whole log as a consumer would, checking CRCs and that offsets run on without gaps. */
    private static TreeMap<Long, String> readContiguously(Log log) throws IOException {
        TreeMap<Long, String> values = new TreeMap<>();
        long next = log.logStartOffset();
        while (next < log.highWatermark()) {
            Log.ReadResult result = log.read(next, 1 << 20);
            for (RecordBatch batch : MemoryRecords.readableRecords(result.region().readFully()).batches()) {
                if (batch.lastOffset() < next) continue;
                assertThat(batch.isValid()).as("CRC of batch %d in %s", batch.baseOffset(), log).isTrue();
                assertThat(batch.baseOffset()).as("batch after offset %d in %s", next - 1, log).isLessThanOrEqualTo(next);
                for (Record record : batch) {
                    if (record.offset() < next) continue;
                    assertThat(record.offset()).as("offset after %d in %s", next - 1, log).isEqualTo(next);
                    values.put(record.offset(), StandardCharsets.US_ASCII.decode(record.value()).toString());
                    next++;
                }
                assertThat(next).as("end of batch %d", batch.baseOffset()).isEqualTo(batch.nextOffset());
            }
        }
        return values;
    }

    /** Before any recovery by the parent: sealed segments are whole; only an active segment may end torn. */
    private void assertEverySegmentFileIsWholeValidBatches() throws IOException {
        try (Stream<Path> partitions = Files.list(dataDir)) {
            for (Path partition : partitions.filter(Files::isDirectory).toList()) {
                List<Path> segments;
                try (Stream<Path> files = Files.list(partition)) {
                    segments = files.filter(f -> f.toString().endsWith(".log")).sorted().toList();
                }
                for (int i = 0; i < segments.size() - 1; i++) {
                    ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(segments.get(i)));
                    int at = 0;
                    while (at < bytes.limit()) {
                        String problem = BatchHeader.structuralError(bytes, at, bytes.limit());
                        assertThat(problem).as("%s at byte %d", segments.get(i), at).isNull();
                        BatchHeader batch = new BatchHeader(bytes, at);
                        assertThat(batch.isCrcValid()).as("CRC in %s at byte %d", segments.get(i), at).isTrue();
                        at += batch.sizeInBytes();
                    }
                }
            }
        }
    }
}
