package dev.herald.broker.network;

import org.apache.kafka.common.network.TransferableChannel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;

/**
 * Adapts a blocking socket to kafka-clients' {@link TransferableChannel}, so a response built by
 * {@code SendBuilder} writes its header and fields from buffers and its record data straight from segment files
 * with {@link FileChannel#transferTo} (sendfile), never copying fetched records through the heap.
 *
 * <p>Threading: used by the connection's own thread only.
 */
final class SocketTransferChannel implements TransferableChannel {
    private final SocketChannel socket;

    SocketTransferChannel(SocketChannel socket) {
        this.socket = socket;
    }

    @Override
    public boolean hasPendingWrites() { return false; }

    @Override
    public long transferFrom(FileChannel fileChannel, long position, long count) throws IOException {
        return fileChannel.transferTo(position, count, socket);
    }

    @Override
    public long write(ByteBuffer[] sources, int offset, int length) throws IOException {
        return socket.write(sources, offset, length);
    }

    @Override
    public long write(ByteBuffer[] sources) throws IOException {
        return socket.write(sources);
    }

    @Override
    public int write(ByteBuffer source) throws IOException {
        return socket.write(source);
    }

    @Override
    public boolean isOpen() { return socket.isOpen(); }

    @Override
    public void close() throws IOException { socket.close(); }
}
