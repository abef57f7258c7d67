package dev.herald.storage.log;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Builds record batches the way a producer does, and reads them back, for storage tests. */
final class Batches {
    private Batches() { }

    static ByteBuffer batch(long timestamp, String... keyValues) {
        return batch(Compression.NONE, timestamp, keyValues);
    }

    /** A batch with one record per "key=value" (key may be empty for null; "key=" with no value is a tombstone). */
    static ByteBuffer batch(Compression compression, long timestamp, String... keyValues) {
        SimpleRecord[] records = new SimpleRecord[keyValues.length];
        for (int i = 0; i < keyValues.length; i++) {
            String[] parts = keyValues[i].split("=", -1);
            byte[] key = parts.length > 1 && !parts[0].isEmpty() ? parts[0].getBytes(StandardCharsets.UTF_8) : null;
            String value = parts.length > 1 ? parts[1] : parts[0];
            byte[] valueBytes = parts.length > 1 && value.isEmpty() ? null : value.getBytes(StandardCharsets.UTF_8);
            records[i] = new SimpleRecord(timestamp + i, key, valueBytes);
        }
        return MemoryRecords.withRecords(compression, records).buffer();
    }

    /** Records as "offset:key=value" strings, in order, from raw batches. */
    static List<String> records(ByteBuffer batches) {
        List<String> out = new ArrayList<>();
        for (RecordBatch batch : MemoryRecords.readableRecords(batches).batches()) {
            if (!batch.isValid()) throw new AssertionError("invalid batch at offset " + batch.baseOffset());
            for (Record record : batch) {
                String key = record.hasKey() ? StandardCharsets.UTF_8.decode(record.key()).toString() : "";
                String value = record.hasValue() ? StandardCharsets.UTF_8.decode(record.value()).toString() : "";
                out.add(record.offset() + ":" + (record.hasKey() ? key + "=" : "") + value);
            }
        }
        return out;
    }

    /** Every record from {@code offset} to the high watermark, reading as a consumer would. */
    static List<String> readAll(Log log, long offset) throws IOException {
        List<String> out = new ArrayList<>();
        long next = offset;
        while (next < log.highWatermark()) {
            Log.ReadResult result = log.read(next, 4096);
            if (result.isEmpty()) break;
            List<String> records = records(result.region().readFully());
            for (String record : records) {
                long recordOffset = Long.parseLong(record.substring(0, record.indexOf(':')));
                if (recordOffset >= next) out.add(record);
            }
            long last = records.isEmpty() ? next : Long.parseLong(records.getLast().substring(0, records.getLast().indexOf(':')));
            long lastBatchEnd = lastBatchEnd(result.region().readFully());
            next = Math.max(last + 1, lastBatchEnd);
        }
        return out;
    }

    private static long lastBatchEnd(ByteBuffer bytes) {
        long end = 0;
        for (RecordBatch batch : MemoryRecords.readableRecords(bytes).batches()) end = batch.nextOffset();
        return end;
    }
}
