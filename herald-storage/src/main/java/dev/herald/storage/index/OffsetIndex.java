package dev.herald.storage.index;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Sparse map from offset to file position for one segment: one entry every {@code index.interval.bytes}
 * of log data, so a lookup lands within a few KiB of the wanted batch and the rest is a short header scan.
 *
 * <p>File layout ({@code NNNNNNNNNNNNNNNNNNNN.index}), written whole when a segment is sealed or the log
 * closes cleanly; after a crash it is rebuilt from the segment rather than trusted:
 * <pre>
 *  offset  size  field
 *  ------  ----  -------------------------------------------------------
 *       0     4  relativeOffset   batch base offset - segment base offset
 *       4     4  position         byte position of that batch in the .log
 *       8  ...   next entry; entries strictly increase in both fields
 * </pre>
 *
 * <p>Threading: appended to by the partition's writer (under the log's lock); looked up by any thread.
 * Readers see a consistent prefix because the entry count is published last through a volatile.
 */
public final class OffsetIndex {
    private static final int ENTRY_SIZE = 8;

    private int[] relativeOffsets = new int[16];
    private int[] positions = new int[16];
    private volatile int size;

    public int entries() { return size; }

    public void append(int relativeOffset, int position) {
        int n = size;
        if (n > 0 && (relativeOffset <= relativeOffsets[n - 1] || position <= positions[n - 1])) {
            throw new IllegalArgumentException("index entry (" + relativeOffset + ", " + position
                    + ") does not follow (" + relativeOffsets[n - 1] + ", " + positions[n - 1] + ")");
        }
        if (n == relativeOffsets.length) {
            relativeOffsets = Arrays.copyOf(relativeOffsets, n * 2);
            positions = Arrays.copyOf(positions, n * 2);
        }
        relativeOffsets[n] = relativeOffset;
        positions[n] = position;
        size = n + 1;
    }

    /** Relative offset of entry {@code i}. */
    public int relativeOffset(int i) { return relativeOffsets[i]; }

    /** File position of entry {@code i}. */
    public int position(int i) { return positions[i]; }

    /** Position of the last indexed batch whose base offset is at most {@code relativeOffset}, or 0. */
    public int floorPosition(int relativeOffset) {
        int i = floorIndex(relativeOffsets, size, relativeOffset);
        return i < 0 ? 0 : positions[i];
    }

    /** Drops entries at or after {@code position}, after the segment was truncated there. */
    public void truncateToPosition(int position) {
        int n = size;
        while (n > 0 && positions[n - 1] >= position) n--;
        size = n;
    }

    public void clear() { size = 0; }

    public void writeTo(Path file) throws IOException {
        int n = size;
        ByteBuffer buffer = ByteBuffer.allocate(n * ENTRY_SIZE);
        for (int i = 0; i < n; i++) buffer.putInt(relativeOffsets[i]).putInt(positions[i]);
        IndexFiles.writeDurably(file, buffer.flip());
    }

    /**
     * Loads an index file, or returns null when it is missing or not trustworthy (wrong size, entries out of
     * order, or pointing past {@code segmentSize}): the caller then rebuilds it from the segment.
     */
    public static OffsetIndex load(Path file, long segmentSize) throws IOException {
        if (!Files.exists(file)) return null;
        ByteBuffer buffer;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (channel.size() % ENTRY_SIZE != 0 || channel.size() > Integer.MAX_VALUE) return null;
            buffer = ByteBuffer.allocate((int) channel.size());
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) { }
        }
        buffer.flip();
        OffsetIndex index = new OffsetIndex();
        while (buffer.remaining() >= ENTRY_SIZE) {
            int relativeOffset = buffer.getInt();
            int position = buffer.getInt();
            if (position < 0 || position >= segmentSize) return null;
            int n = index.size;
            if (n > 0 && (relativeOffset <= index.relativeOffsets[n - 1] || position <= index.positions[n - 1])) return null;
            index.append(relativeOffset, position);
        }
        return index;
    }

    static int floorIndex(int[] keys, int n, int key) {
        int low = 0, high = n - 1, found = -1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (keys[mid] <= key) { found = mid; low = mid + 1; } else { high = mid - 1; }
        }
        return found;
    }
}
