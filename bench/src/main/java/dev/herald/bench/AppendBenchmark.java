package dev.herald.bench;

import dev.herald.storage.durability.FsyncPolicy;
import dev.herald.storage.log.Log;
import dev.herald.storage.log.LogConfig;
import dev.herald.storage.log.LogDirectory;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Appends as producers with {@code acks=all} do: each thread appends one batch and waits for its
 * {@code durable()} future before the next. Threads spread over 4 partitions of one data directory, so under
 * {@code fsync=always} concurrent appends share group-commit fsyncs. Each iteration starts from an empty data
 * directory (created and deleted outside the measurement). Bytes appended per second are the {@code bytes}
 * counter; {@link StorageBench} relates them to the raw disk speed measured by {@link RawDiskBenchmark}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class AppendBenchmark {
    static final int PARTITIONS = 4;

    @Param({"100", "1024"})
    public int recordBytes;

    @Param({"16", "64", "128"})
    public int batchKiB;

    @Param({"always", "interval:1000"})
    public String fsync;

    Path dataDir;
    LogDirectory directory;
    final Log[] logs = new Log[PARTITIONS];
    final AtomicInteger threads = new AtomicInteger();

    @Setup(Level.Iteration)
    public void open() throws IOException {
        dataDir = BenchFiles.scratch("herald-append-");
        directory = LogDirectory.open(dataDir, FsyncPolicy.parse(fsync), Clock.systemUTC(), Long.MAX_VALUE / 4);
        LogConfig config = LogConfig.DEFAULT.withSegmentBytes(256 * 1024 * 1024);
        for (int p = 0; p < PARTITIONS; p++) logs[p] = directory.openLog("bench", p, config);
    }

    @TearDown(Level.Iteration)
    public void close() throws IOException {
        long rounds = directory.groupCommit().rounds(), bytes = 0;
        for (Log log : logs) bytes += log.sizeInBytes();
        if (rounds > 0) {
            // Shows in JMH's output after each iteration: how much each shared fsync covered.
            System.out.printf("  [group commit: %d fsync rounds, %.0f KiB per round] ", rounds, bytes / 1024.0 / rounds);
        }
        directory.close();
        BenchFiles.delete(dataDir);
    }

    /** One producer thread: its batch and its partition. */
    @State(Scope.Thread)
    public static class Producer {
        ByteBuffer batch;
        int partition;

        @Setup(Level.Trial)
        public void prepare(AppendBenchmark benchmark) {
            batch = BenchFiles.batch(benchmark.recordBytes, benchmark.batchKiB);
            partition = benchmark.threads.getAndIncrement() % PARTITIONS;
        }
    }

    /** Bytes appended, reported by JMH per second next to the operations. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Appended {
        public long bytes;

        @Setup(Level.Iteration)
        public void reset() { bytes = 0; }
    }

    private long append(Producer producer, Appended appended) throws Exception {
        ByteBuffer batch = producer.batch.duplicate();
        int size = batch.remaining();
        Log.AppendResult result = logs[producer.partition].append(batch);
        result.durable().get();
        appended.bytes += size;
        return result.lastOffset();
    }

    @Benchmark
    @Threads(4)
    public long producers4(Producer producer, Appended appended) throws Exception {
        return append(producer, appended);
    }

    @Benchmark
    @Threads(32)
    public long producers32(Producer producer, Appended appended) throws Exception {
        return append(producer, appended);
    }
}
