package dev.herald.broker.network;

import org.apache.kafka.common.network.TransferableChannel;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;

/**
 * Adapts a blocking socket to kafka-clients' {@link TransferableChannel}, so a response built by
 * {@code SendBuilder} writes its header and fields from buffers and its record data straight from segment files
 * with {@link FileChannel#transferTo} (sendfile), never copying fetched records through the heap.
 *
 * <p>Every call makes progress or blocks until it can, as a blocking channel should. {@code transferTo} alone does
 * not: under a virtual thread the JDK keeps the socket's descriptor non-blocking and parks the thread in its own
 * reads and writes, but not in {@code transferTo}, which returns 0 when the socket's send buffer is full. The
 * response writer would then call it again at once, spinning a core for as long as the client does not read (a
 * consumer that pauses, a slow network). So when sendfile sends nothing, one chunk is copied and written with a
 * blocking write, which parks until the client has read enough; sendfile takes over again on the next call.
 *
 * <p>Threading: used by the connection's writer thread only.
 */
final class SocketTransferChannel implements TransferableChannel {
    /** The most copied when the socket is full: enough to wait for room without a train of small segments. */
    static final int STALL_CHUNK_BYTES = 64 * 1024;

    private final SocketChannel socket;
    private ByteBuffer stallChunk;

    SocketTransferChannel(SocketChannel socket) {
        this.socket = socket;
    }

    @Override
    public boolean hasPendingWrites() { return false; }

    @Override
    public long transferFrom(FileChannel fileChannel, long position, long count) throws IOException {
        long sent = fileChannel.transferTo(position, count, socket);
        if (sent > 0 || count == 0) return sent;
        if (stallChunk == null) stallChunk = ByteBuffer.allocateDirect(STALL_CHUNK_BYTES);
        ByteBuffer chunk = stallChunk.clear().limit((int) Math.min(count, STALL_CHUNK_BYTES));
        while (chunk.hasRemaining()) {
            if (fileChannel.read(chunk, position + chunk.position()) < 0) {
                throw new EOFException("segment file ends at " + (position + chunk.position()) + ", inside the "
                        + count + " bytes of records being sent from " + position);
            }
        }
        return socket.write(chunk.flip());
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
