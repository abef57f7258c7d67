package dev.herald.broker.network;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Record data sent from a file to a client that stops reading for a while, as a paused consumer does. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SocketTransferChannelTest {
    private static final int FILE_BYTES = 8 << 20;

    @TempDir Path folder;

    @Test
    void blocksInsteadOfReturningZeroWhileTheClientIsNotReading() throws Exception {
        byte[] content = new byte[FILE_BYTES];
        new Random(42).nextBytes(content);
        Path file = Files.write(folder.resolve("00000000000000000000.log"), content);

        try (ServerSocketChannel listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
             SocketChannel client = SocketChannel.open()) {
            client.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
            client.connect(listener.getLocalAddress());
            try (SocketChannel server = listener.accept(); FileChannel segment = FileChannel.open(file, StandardOpenOption.READ)) {
                server.setOption(StandardSocketOptions.SO_SNDBUF, 8192);
                // The connection's writer: a virtual thread that writes a header first, as a response does, and
                // then the records with sendfile; each call's result is kept.
                CompletableFuture<List<Long>> results = new CompletableFuture<>();
                Thread.ofVirtual().start(() -> {
                    try {
                        SocketTransferChannel channel = new SocketTransferChannel(server);
                        channel.write(ByteBuffer.wrap(new byte[]{1, 2, 3, 4}));
                        List<Long> sent = new ArrayList<>();
                        for (long position = 0; position < FILE_BYTES; ) {
                            long n = channel.transferFrom(segment, position, FILE_BYTES - position);
                            sent.add(n);
                            position += Math.max(n, 0);
                            if (sent.size() > 1_000_000) throw new IllegalStateException("no progress after " + sent.size() + " calls");
                        }
                        results.complete(sent);
                    } catch (Throwable e) {
                        results.completeExceptionally(e);
                    }
                });

                Thread.sleep(500);  // the client reads nothing meanwhile: the socket's buffers fill up
                ByteBuffer received = ByteBuffer.allocate(4 + FILE_BYTES);
                while (received.hasRemaining()) client.read(received);

                List<Long> sent = results.get(30, TimeUnit.SECONDS);
                assertThat(sent.stream().filter(n -> n <= 0).count()).as("calls out of %d that sent nothing", sent.size()).isZero();
                assertThat(received.flip().getInt()).isEqualTo(0x01020304);
                assertThat(received.slice()).isEqualTo(ByteBuffer.wrap(content));
            }
        }
    }

    @Test
    void reportsASegmentFileShorterThanTheRecordsBeingSent() throws Exception {
        Path file = Files.write(folder.resolve("00000000000000000000.log"), new byte[100]);
        try (ServerSocketChannel listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
             SocketChannel client = SocketChannel.open(listener.getLocalAddress());
             SocketChannel server = listener.accept();
             FileChannel segment = FileChannel.open(file, StandardOpenOption.READ)) {
            SocketTransferChannel channel = new SocketTransferChannel(server);

            assertThatThrownBy(() -> channel.transferFrom(segment, 100, 50)).isInstanceOf(IOException.class)
                    .hasMessageContaining("segment file ends at 100");
        }
    }
}
