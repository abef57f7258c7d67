package dev.herald.storage.log;

/** A read or delete named an offset outside [log start offset, high watermark]; Kafka's OFFSET_OUT_OF_RANGE. */
public final class OffsetOutOfRangeException extends RuntimeException {
    private final long logStartOffset;
    private final long highWatermark;

    public OffsetOutOfRangeException(long offset, long logStartOffset, long highWatermark) {
        super("offset " + offset + " is outside the log's range [" + logStartOffset + ", " + highWatermark + "]");
        this.logStartOffset = logStartOffset;
        this.highWatermark = highWatermark;
    }

    public long logStartOffset() { return logStartOffset; }
    public long highWatermark() { return highWatermark; }
}
