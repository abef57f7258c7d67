package dev.herald.storage.index;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Sparse map from timestamp to offset for one segment, used to find the first offset whose timestamp is at
 * least T (ListOffsets by time, consumers seeking by time). An entry is added whenever a batch raises the
 * segment's max timestamp and at least {@code index.interval.bytes} were written since the last entry, so the
 * timestamps in the index strictly increase even when producers send them out of order.
 *
 * <p>File layout ({@code NNNNNNNNNNNNNNNNNNNN.timeindex}), written and trusted like {@link OffsetIndex}:
 * <pre>
 *  offset  size  field
 *  ------  ----  ----------------------------------------------------------------
 *       0     8  timestamp        max timestamp of all batches up to this one (ms)
 *       8     4  relativeOffset   base offset of that batch - segment base offset
 *      12  ...   next entry; timestamps and offsets strictly increase
 * </pre>
 *
 * <p>Threading: as {@link OffsetIndex}.
 */
public final class TimeIndex {
    private static final int ENTRY_SIZE = 12;

    private long[] timestamps = new long[16];
    private int[] relativeOffsets = new int[16];
    private volatile int size;

    public int entries() { return size; }

    public long lastTimestamp() { return size == 0 ? Long.MIN_VALUE : timestamps[size - 1]; }

    /** Relative offset of the last entry; only when there is one. */
    public int lastRelativeOffset() { return relativeOffsets[size - 1]; }

    public void append(long timestamp, int relativeOffset) {
        int n = size;
        if (n > 0 && (timestamp <= timestamps[n - 1] || relativeOffset <= relativeOffsets[n - 1])) {
            throw new IllegalArgumentException("time index entry (" + timestamp + ", " + relativeOffset
                    + ") does not follow (" + timestamps[n - 1] + ", " + relativeOffsets[n - 1] + ")");
        }
        if (n == timestamps.length) {
            timestamps = Arrays.copyOf(timestamps, n * 2);
            relativeOffsets = Arrays.copyOf(relativeOffsets, n * 2);
        }
        timestamps[n] = timestamp;
        relativeOffsets[n] = relativeOffset;
        size = n + 1;
    }

    /**
     * Relative offset from which a scan for the first timestamp {@code >= timestamp} can start: the entry
     * just before the first indexed timestamp that reaches it, or 0 when none is earlier.
     */
    public int scanStartFor(long timestamp) {
        int n = size;
        int low = 0, high = n - 1, found = -1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (timestamps[mid] < timestamp) { found = mid; low = mid + 1; } else { high = mid - 1; }
        }
        return found < 0 ? 0 : relativeOffsets[found];
    }

    public void truncateToRelativeOffset(int relativeOffset) {
        int n = size;
        while (n > 0 && relativeOffsets[n - 1] >= relativeOffset) n--;
        size = n;
    }

    public void clear() { size = 0; }

    public void writeTo(Path file) throws IOException {
        int n = size;
        ByteBuffer buffer = ByteBuffer.allocate(n * ENTRY_SIZE);
        for (int i = 0; i < n; i++) buffer.putLong(timestamps[i]).putInt(relativeOffsets[i]);
        IndexFiles.writeDurably(file, buffer.flip());
    }

    /** Loads a time index file, or returns null when it is missing or inconsistent; see {@link OffsetIndex#load}. */
    public static TimeIndex load(Path file) throws IOException {
        if (!Files.exists(file)) return null;
        ByteBuffer buffer;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (channel.size() % ENTRY_SIZE != 0 || channel.size() > Integer.MAX_VALUE) return null;
            buffer = ByteBuffer.allocate((int) channel.size());
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) { }
        }
        buffer.flip();
        TimeIndex index = new TimeIndex();
        while (buffer.remaining() >= ENTRY_SIZE) {
            long timestamp = buffer.getLong();
            int relativeOffset = buffer.getInt();
            int n = index.size;
            if (relativeOffset < 0 || n > 0 && (timestamp <= index.timestamps[n - 1] || relativeOffset <= index.relativeOffsets[n - 1])) return null;
            index.append(timestamp, relativeOffset);
        }
        return index;
    }
}
