package dev.herald.bench.limits;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * This machine's raw limits, measured in the same run as the brokers so the broker figures can be read against
 * them: sequential file writes through a {@link FileChannel} (page cache only; one fsync at the end; an fsync after
 * every 256 KiB), and loopback TCP between two threads of this JVM (bulk 128 KiB writes; 100 B ping-pong round
 * trips). Runs on the caller's thread plus one helper thread per socket test.
 */
public final class MachineLimits {

    private static final int CHUNK_BYTES = 1 << 20;
    private static final int SYNCED_WRITE_BYTES = 256 << 10;

    private final Path scratch;
    private final long fileBytes;
    private final long socketBytes;
    private final int roundTrips;

    /** {@code quick} shrinks every test to about a second; the figures are then rougher but of the same kind. */
    public MachineLimits(Path scratch, boolean quick) {
        this.scratch = scratch;
        this.fileBytes = quick ? 256L << 20 : 1L << 30;
        this.socketBytes = quick ? 1L << 30 : 4L << 30;
        this.roundTrips = quick ? 5_000 : 20_000;
    }

    /** Runs every test; keys are the ids used in results.json. */
    public Map<String, Double> measure() {
        Map<String, Double> limits = new LinkedHashMap<>();
        // The first write to fresh blocks of a thin-provisioned disk is several times slower: do it unmeasured.
        writeFile(false, false);
        limits.put("disk_write_page_cache_mib_s", writeFile(false, false));
        limits.put("disk_write_fsync_at_end_mib_s", writeFile(true, false));
        limits.put("disk_write_fsync_every_256k_mib_s", writeFile(false, true));
        limits.put("loopback_tcp_mib_s", loopbackThroughput());
        Histogram roundTrip = loopbackRoundTrips();
        limits.put("loopback_round_trip_p50_us", (double) roundTrip.getValueAtPercentile(50));
        limits.put("loopback_round_trip_p99_us", (double) roundTrip.getValueAtPercentile(99));
        return limits;
    }

    private double writeFile(boolean fsyncAtEnd, boolean fsyncEvery256KiB) {
        Path file = scratch.resolve("disk-limit.bin");
        int writeBytes = fsyncEvery256KiB ? SYNCED_WRITE_BYTES : CHUNK_BYTES;
        long bytes = fsyncEvery256KiB ? fileBytes / 4 : fileBytes;
        ByteBuffer buffer = ByteBuffer.allocateDirect(writeBytes);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            long started = System.nanoTime();
            for (long written = 0; written < bytes; written += writeBytes) {
                buffer.clear();
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                if (fsyncEvery256KiB) {
                    channel.force(false);
                }
            }
            if (fsyncAtEnd) {
                channel.force(false);
            }
            return mibPerSecond(bytes, System.nanoTime() - started);
        } catch (IOException e) {
            throw new UncheckedIOException("disk write test failed on " + file, e);
        } finally {
            deleteQuietly(file);
        }
    }

    private double loopbackThroughput() {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread sender = Thread.ofPlatform().name("loopback-sender").start(() -> send(server.getLocalPort()));
            try (Socket socket = server.accept(); InputStream in = socket.getInputStream()) {
                byte[] buffer = new byte[128 << 10];
                long received = 0;
                long started = System.nanoTime();
                for (int n; received < socketBytes && (n = in.read(buffer)) > 0; ) {
                    received += n;
                }
                double rate = mibPerSecond(received, System.nanoTime() - started);
                sender.join(TimeUnit.SECONDS.toMillis(10));
                return rate;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("loopback throughput test failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private void send(int port) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
             OutputStream out = socket.getOutputStream()) {
            byte[] buffer = new byte[128 << 10];
            for (long sent = 0; sent < socketBytes; sent += buffer.length) {
                out.write(buffer);
            }
        } catch (IOException e) {
            // the receiver reports a short transfer
        }
    }

    private Histogram loopbackRoundTrips() {
        Histogram histogram = new Histogram(TimeUnit.SECONDS.toMicros(10), 3);
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread echo = Thread.ofPlatform().name("loopback-echo").start(() -> echo(server));
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                socket.setTcpNoDelay(true);
                byte[] message = new byte[100];
                for (int i = 0; i < roundTrips; i++) {
                    long started = System.nanoTime();
                    socket.getOutputStream().write(message);
                    socket.getInputStream().readNBytes(message, 0, message.length);
                    histogram.recordValue(Math.min(TimeUnit.SECONDS.toMicros(10), (System.nanoTime() - started) / 1000));
                }
            }
            echo.join(TimeUnit.SECONDS.toMillis(10));
            return histogram;
        } catch (IOException e) {
            throw new UncheckedIOException("loopback round-trip test failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void echo(ServerSocket server) {
        try (Socket socket = server.accept()) {
            socket.setTcpNoDelay(true);
            byte[] message = new byte[100];
            while (socket.getInputStream().readNBytes(message, 0, message.length) == message.length) {
                socket.getOutputStream().write(message);
            }
        } catch (IOException e) {
            // the client closed the connection: done
        }
    }

    private static double mibPerSecond(long bytes, long nanos) {
        return bytes / (nanos / 1e9) / (1 << 20);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            System.err.println("bench: could not delete " + file + ": " + e);
        }
    }
}
