package dev.herald.storage.log;

import dev.herald.storage.durability.FsyncPolicy;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The process {@link CrashTest} kills: opens a data directory (recovering whatever the previous victim left),
 * then appends from several threads to a few partitions until it is killed. After an append is acknowledged
 * (its {@code durable()} future completed) it prints
 * <pre>ACK partition firstOffset lastOffset payload-id recordCount $</pre>
 * and flushes; the trailing {@code $} lets the parent ignore a line cut short by the kill. Record {@code i} of
 * a batch has the value {@code payload-id/i/padding}.
 *
 * <p>Arguments: data directory, fsync policy ({@code always} or {@code interval:MS}), round number.
 */
public final class CrashWriter {
    static final int THREADS = 4;
    /** Partition names, and the compacted one (unique keys, so compaction removes nothing but rewrites files). */
    static final List<String> TOPICS = List.of("plain", "plain", "compacted");
    static final LogConfig PLAIN = LogConfig.DEFAULT.withSegmentBytes(64 * 1024).withIndexIntervalBytes(1024);
    static final LogConfig COMPACTED = PLAIN.withSegmentBytes(32 * 1024)
            .withCleanupPolicy(java.util.Set.of(LogConfig.CleanupPolicy.COMPACT));

    static LogConfig config(int partition) {
        return TOPICS.get(partition).equals("compacted") ? COMPACTED : PLAIN;
    }

    static Log open(LogDirectory directory, int partition) throws java.io.IOException {
        return directory.openLog(TOPICS.get(partition), partition, config(partition));
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        FsyncPolicy policy = FsyncPolicy.parse(args[1]);
        int round = Integer.parseInt(args[2]);
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false, StandardCharsets.US_ASCII);
        LogDirectory directory = LogDirectory.open(dataDir, policy, Clock.systemUTC(), 150);
        Log[] logs = new Log[TOPICS.size()];
        for (int p = 0; p < logs.length; p++) logs[p] = open(directory, p);
        synchronized (out) {
            out.println("READY");
            out.flush();
        }
        Thread[] writers = new Thread[THREADS];
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            writers[t] = Thread.ofPlatform().name("writer-" + t).start(() -> write(logs, round, thread, out));
        }
        for (Thread writer : writers) writer.join();
    }

    private static void write(Log[] logs, int round, int thread, PrintStream out) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        try {
            for (long n = 0; ; n++) {
                int partition = random.nextInt(logs.length);
                String payloadId = "r" + round + "-t" + thread + "-" + n;
                int count = 1 + random.nextInt(20);
                SimpleRecord[] records = new SimpleRecord[count];
                for (int i = 0; i < count; i++) {
                    byte[] value = (payloadId + "/" + i + "/" + "p".repeat(random.nextInt(400))).getBytes(StandardCharsets.US_ASCII);
                    byte[] key = partition == 2 ? (payloadId + "/" + i).getBytes(StandardCharsets.US_ASCII) : null;
                    records[i] = new SimpleRecord(System.currentTimeMillis(), key, value);
                }
                Compression compression = random.nextInt(4) == 0 ? Compression.lz4().build() : Compression.NONE;
                ByteBuffer batch = MemoryRecords.withRecords(compression, records).buffer();
                Log.AppendResult result = logs[partition].append(batch);
                result.durable().get();
                synchronized (out) {
                    out.println("ACK " + partition + " " + result.firstOffset() + " " + result.lastOffset() + " " + payloadId + " " + count + " $");
                    out.flush();
                }
            }
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(3);
        }
    }
}
