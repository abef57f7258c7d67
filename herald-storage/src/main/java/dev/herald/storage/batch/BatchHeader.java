package dev.herald.storage.batch;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Reads and patches the header of a Kafka v2 record batch in place, without copying or allocating.
 *
 * <p>The batch is stored on disk exactly as a producer sent it; the broker only rewrites the fields
 * outside the CRC (base offset, partition leader epoch) and, for {@code LogAppendTime} topics, the max
 * timestamp and timestamp-type bit (which requires recomputing the CRC).
 *
 * <pre>
 *  offset  size  field                   covered by CRC-32C
 *  ------  ----  ----------------------  ------------------
 *       0     8  baseOffset              no   (assigned by the broker)
 *       8     4  batchLength             no   (bytes after this field)
 *      12     4  partitionLeaderEpoch    no   (assigned by the broker)
 *      16     1  magic (= 2)             no
 *      17     4  crc (unsigned)          -
 *      21     2  attributes              yes  bits 0-2 compression, 3 timestamp type,
 *                                              4 transactional, 5 control, 6 delete horizon
 *      23     4  lastOffsetDelta         yes
 *      27     8  baseTimestamp           yes
 *      35     8  maxTimestamp            yes
 *      43     8  producerId              yes
 *      51     2  producerEpoch           yes
 *      53     4  baseSequence            yes
 *      57     4  recordCount             yes
 *      61     -  records ...             yes  (compressed as a whole when attributes say so)
 * </pre>
 *
 * <p>Threading: a flyweight over one buffer; not thread-safe, cheap to create.
 */
public final class BatchHeader {
    public static final int BASE_OFFSET = 0;
    public static final int LENGTH = 8;
    public static final int PARTITION_LEADER_EPOCH = 12;
    public static final int MAGIC = 16;
    public static final int CRC = 17;
    public static final int ATTRIBUTES = 21;
    public static final int LAST_OFFSET_DELTA = 23;
    public static final int BASE_TIMESTAMP = 27;
    public static final int MAX_TIMESTAMP = 35;
    public static final int PRODUCER_ID = 43;
    public static final int PRODUCER_EPOCH = 51;
    public static final int BASE_SEQUENCE = 53;
    public static final int RECORD_COUNT = 57;
    /** Size of the fixed header; also the smallest possible batch. */
    public static final int HEADER_SIZE = 61;
    /** Bytes before the batchLength-counted part: baseOffset + batchLength. */
    public static final int LOG_OVERHEAD = 12;
    public static final byte CURRENT_MAGIC = 2;

    private static final int COMPRESSION_MASK = 0x07;
    private static final int TIMESTAMP_TYPE_MASK = 0x08;
    private static final int TRANSACTIONAL_MASK = 0x10;
    private static final int CONTROL_MASK = 0x20;

    private final ByteBuffer buffer;
    private final int start;

    /** A view of the batch starting at absolute position {@code start} of {@code buffer}. */
    public BatchHeader(ByteBuffer buffer, int start) {
        this.buffer = buffer;
        this.start = start;
    }

    public long baseOffset() { return buffer.getLong(start + BASE_OFFSET); }
    public int batchLength() { return buffer.getInt(start + LENGTH); }
    /** Whole batch size on disk, header included. */
    public int sizeInBytes() { return LOG_OVERHEAD + batchLength(); }
    public int partitionLeaderEpoch() { return buffer.getInt(start + PARTITION_LEADER_EPOCH); }
    public byte magic() { return buffer.get(start + MAGIC); }
    public long storedCrc() { return Integer.toUnsignedLong(buffer.getInt(start + CRC)); }
    public short attributes() { return buffer.getShort(start + ATTRIBUTES); }
    public int compressionCode() { return attributes() & COMPRESSION_MASK; }
    public boolean isLogAppendTime() { return (attributes() & TIMESTAMP_TYPE_MASK) != 0; }
    public boolean isTransactional() { return (attributes() & TRANSACTIONAL_MASK) != 0; }
    public boolean isControl() { return (attributes() & CONTROL_MASK) != 0; }
    public int lastOffsetDelta() { return buffer.getInt(start + LAST_OFFSET_DELTA); }
    public long lastOffset() { return baseOffset() + lastOffsetDelta(); }
    public long baseTimestamp() { return buffer.getLong(start + BASE_TIMESTAMP); }
    public long maxTimestamp() { return buffer.getLong(start + MAX_TIMESTAMP); }
    public long producerId() { return buffer.getLong(start + PRODUCER_ID); }
    public short producerEpoch() { return buffer.getShort(start + PRODUCER_EPOCH); }
    public int baseSequence() { return buffer.getInt(start + BASE_SEQUENCE); }
    public int recordCount() { return buffer.getInt(start + RECORD_COUNT); }

    /** Last sequence number in the batch, wrapping past Integer.MAX_VALUE as producers do. */
    public int lastSequence() {
        int base = baseSequence();
        if (base < 0) return base;
        long last = (long) base + lastOffsetDelta();
        return (int) (last > Integer.MAX_VALUE ? last - Integer.MAX_VALUE - 1 : last);
    }

    /** CRC-32C over attributes..end, as the producer computed it. */
    public long computeCrc() {
        CRC32C crc = new CRC32C();
        ByteBuffer slice = buffer.duplicate();
        slice.limit(start + sizeInBytes()).position(start + ATTRIBUTES);
        crc.update(slice);
        return crc.getValue();
    }

    public boolean isCrcValid() { return computeCrc() == storedCrc(); }

    public void setBaseOffset(long offset) { buffer.putLong(start + BASE_OFFSET, offset); }
    public void setPartitionLeaderEpoch(int epoch) { buffer.putInt(start + PARTITION_LEADER_EPOCH, epoch); }

    /**
     * Marks the batch as LogAppendTime with the given broker time and recomputes the CRC, as a broker must
     * for topics with {@code message.timestamp.type=LogAppendTime}: consumers then report this time for every record.
     */
    public void setLogAppendTime(long timestampMs) {
        buffer.putShort(start + ATTRIBUTES, (short) (attributes() | TIMESTAMP_TYPE_MASK));
        buffer.putLong(start + MAX_TIMESTAMP, timestampMs);
        buffer.putInt(start + CRC, (int) computeCrc());
    }

    /**
     * Checks that a buffer region holds a structurally complete batch: enough bytes for the header, a length
     * that fits in what remains, magic 2, and a consistent record count. Returns null when valid, else why not.
     */
    public static String structuralError(ByteBuffer buffer, int start, int end) {
        int remaining = end - start;
        if (remaining < HEADER_SIZE) {
            return "only " + remaining + " bytes left, a batch header needs " + HEADER_SIZE;
        }
        BatchHeader header = new BatchHeader(buffer, start);
        int length = header.batchLength();
        if (length < HEADER_SIZE - LOG_OVERHEAD) return "batch length " + length + " is smaller than a header";
        if (length > remaining - LOG_OVERHEAD) return "batch length " + length + " runs past the end (" + (remaining - LOG_OVERHEAD) + " bytes left)";
        if (header.magic() != CURRENT_MAGIC) return "magic " + header.magic() + " is not 2";
        if (header.lastOffsetDelta() < 0) return "negative lastOffsetDelta " + header.lastOffsetDelta();
        return null;
    }
}
