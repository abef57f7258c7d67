package dev.herald.broker.network;

import dev.herald.storage.log.FileRegion;
import org.apache.kafka.common.network.TransferableChannel;
import org.apache.kafka.common.record.internal.DefaultRecordsSend;
import org.apache.kafka.common.record.internal.RecordsSend;
import org.apache.kafka.common.record.internal.TransferableRecords;

import java.io.IOException;

/**
 * A fetch response's record data as a region of a segment file: kafka-clients' response writer asks it to
 * transfer itself to the socket, which it does with sendfile.
 *
 * <p>Threading: immutable.
 */
public record RegionRecords(FileRegion region) implements TransferableRecords {

    @Override
    public int sizeInBytes() { return region.size(); }

    @Override
    public RecordsSend<? extends TransferableRecords> toSend() { return new DefaultRecordsSend<>(this); }

    @Override
    public int writeTo(TransferableChannel channel, int previouslyWritten, int remaining) throws IOException {
        long position = region.position() + previouslyWritten;
        int count = Math.min(remaining, region.size() - previouslyWritten);
        return (int) channel.transferFrom(region.channel(), position, count);
    }
}
