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
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * A consumer catching up: {@link Log#read} of 1 MiB at a time over 256 MiB of 64 KiB batches of 1 KiB records
 * (in the page cache after the first pass), then either {@code FileChannel.transferTo} into {@code /dev/null}
 * (the zero-copy path a fetch takes to a socket) or a copy onto the heap.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Threads(1)
public class ReadBenchmark {
    static final long LOG_BYTES = 256L * 1024 * 1024;
    static final int MAX_BYTES = 1024 * 1024;

    @Param({"transferTo", "readFully"})
    public String copy;

    Path dataDir;
    LogDirectory directory;
    Log log;
    FileChannel devNull;
    long next;

    @Setup(Level.Trial)
    public void fill() throws Exception {
        dataDir = BenchFiles.scratch("herald-read-");
        directory = LogDirectory.open(dataDir, new FsyncPolicy.Interval(60_000), Clock.systemUTC(), Long.MAX_VALUE / 4);
        log = directory.openLog("bench", 0, LogConfig.DEFAULT.withSegmentBytes(64 * 1024 * 1024));
        ByteBuffer batch = BenchFiles.batch(1024, 64);
        for (long written = 0; written < LOG_BYTES; written += batch.remaining()) log.append(batch.duplicate()).durable().get();
        log.flush();
        devNull = FileChannel.open(Path.of("/dev/null"), StandardOpenOption.WRITE);
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        devNull.close();
        directory.close();
        BenchFiles.delete(dataDir);
    }

    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Read {
        public long bytes;

        @Setup(Level.Iteration)
        public void reset() { bytes = 0; }
    }

    @Benchmark
    public long read(Read read) throws IOException {
        Log.ReadResult result = log.read(next, MAX_BYTES);
        if (copy.equals("transferTo")) {
            result.region().transferTo(devNull);
        } else {
            result.region().readFully();
        }
        read.bytes += result.sizeInBytes();
        next = nextOffsetAfter(result);
        return next;
    }

    /** Offset after the last whole batch of the region, or back to the start at the end of the log. */
    private long nextOffsetAfter(Log.ReadResult result) throws IOException {
        FileChannel channel = result.region().channel();
        ByteBuffer header = ByteBuffer.allocate(27);
        long position = result.region().position(), end = position + result.sizeInBytes(), nextOffset = next;
        while (position + 12 <= end) {
            header.clear();
            channel.read(header, position);
            int size = 12 + header.getInt(8);
            if (position + size > end) break;
            nextOffset = header.getLong(0) + header.getInt(23) + 1;
            position += size;
        }
        return nextOffset >= log.highWatermark() ? 0 : nextOffset;
    }
}
