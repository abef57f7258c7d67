package dev.herald.bench;

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
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * This disk's sequential write speed, measured beside the log benchmarks so that they can be read as a
 * fraction of it: {@code writeThenForceOnce} writes 256 MiB in chunks with a {@link FileChannel} and forces
 * once at the end (the ceiling for any log); {@code writeAndForceEachChunk} forces after every chunk (what an
 * fsync per append without group commit would get).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Threads(1)
public class RawDiskBenchmark {
    static final long FILE_BYTES = 256L * 1024 * 1024;

    @Param({"64", "128"})
    public int chunkKiB;

    Path folder;
    FileChannel channel;
    ByteBuffer chunk;
    long position;

    @Setup(Level.Iteration)
    public void open() throws IOException {
        folder = BenchFiles.scratch("herald-raw-");
        channel = FileChannel.open(folder.resolve("raw.bin"), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        byte[] random = new byte[chunkKiB * 1024];
        new Random(chunkKiB).nextBytes(random);
        chunk = ByteBuffer.allocateDirect(random.length).put(random).flip();
        position = 0;
    }

    @TearDown(Level.Iteration)
    public void close() throws IOException {
        channel.close();
        BenchFiles.delete(folder);
    }

    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Written {
        public long bytes;

        @Setup(Level.Iteration)
        public void reset() { bytes = 0; }
    }

    private void writeChunk(Written written) throws IOException {
        chunk.clear();
        while (chunk.hasRemaining()) position += channel.write(chunk, position);
        written.bytes += chunk.capacity();
    }

    @Benchmark
    public void writeThenForceOnce(Written written) throws IOException {
        for (long done = 0; done < FILE_BYTES; done += chunk.capacity()) writeChunk(written);
        channel.force(false);
    }

    @Benchmark
    public void writeAndForceEachChunk(Written written) throws IOException {
        writeChunk(written);
        channel.force(false);
    }
}
