package dev.herald.broker.network;

import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Direct buffers that request frames are read into and reused, shared by all connections: a produce request's
 * records then go from the socket into this buffer and from it to the segment file without the JDK copying them
 * through a temporary direct buffer each way, and without a new 128 KiB heap array (zeroed, then garbage) per
 * request.
 *
 * <p>A connection borrows one buffer per frame and gives it back once the request is applied. Handlers may read
 * the request's records only while they are being called (Produce appends them synchronously; no other request
 * served has zero-copy fields). Frames larger than {@link #REUSED_BYTES} and frames arriving while every pooled
 * buffer is lent out get a heap buffer of their own, so the pool bounds native memory at
 * {@code POOLED * REUSED_BYTES} (16 MiB).
 *
 * <p>Threading: thread-safe.
 */
final class FrameBuffers {
    /** Frames up to this size use a pooled buffer: the producer's default max.request.size. */
    static final int REUSED_BYTES = 1 << 20;
    private static final int POOLED = 16;

    private final BlockingQueue<ByteBuffer> idle = new ArrayBlockingQueue<>(POOLED);
    private int created;

    /** A buffer with exactly {@code size} bytes remaining; give it back with {@link #release}. */
    ByteBuffer acquire(int size) {
        if (size > REUSED_BYTES) return ByteBuffer.allocate(size);
        ByteBuffer buffer = idle.poll();
        if (buffer == null) buffer = create();
        if (buffer == null) return ByteBuffer.allocate(size);
        return buffer.clear().limit(size);
    }

    private synchronized ByteBuffer create() {
        if (created == POOLED) return null;
        created++;
        return ByteBuffer.allocateDirect(REUSED_BYTES);
    }

    /** Returns a buffer from {@link #acquire}; its contents must not be used afterwards. */
    void release(ByteBuffer buffer) {
        if (buffer.isDirect() && buffer.capacity() == REUSED_BYTES) idle.offer(buffer);
    }
}
