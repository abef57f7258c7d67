package dev.herald.storage.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A byte range of a segment file holding whole record batches (the last one may be cut short by a size limit,
 * which Kafka clients tolerate). Sent to sockets with {@link FileChannel#transferTo} so fetched data never
 * passes through the Java heap.
 *
 * <p>Threading: immutable; the underlying channel may be read concurrently by any number of threads.
 */
public record FileRegion(FileChannel channel, long position, int size) {

    /**
     * Writes the whole region to {@code target}, blocking until done. For files and blocking channels that block in
     * {@code transferTo}; not for a socket written from a virtual thread, where {@code transferTo} returns 0 on a
     * full send buffer and this loop would spin (the broker's fetch path uses its own SocketTransferChannel).
     */
    public void transferTo(WritableByteChannel target) throws IOException {
        long sent = 0;
        while (sent < size) {
            long n = channel.transferTo(position + sent, size - sent, target);
            if (n <= 0 && channel.size() < position + size) {
                throw new IOException("segment file shrank under a read: region " + position + "+" + size
                        + ", file size " + channel.size());
            }
            sent += n;
        }
    }

    /** Copies the region to the heap; for tests, compaction and internal readers, not the fetch path. */
    public ByteBuffer readFully() throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(size);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new IOException("unexpected end of segment file at " + (position + buffer.position()));
            }
        }
        return buffer.flip();
    }
}
