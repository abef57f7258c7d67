package dev.herald.broker.fetch;

import dev.herald.broker.Broker;
import dev.herald.broker.BrokerConfig;
import dev.herald.broker.RawClient;
import dev.herald.storage.log.Log;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.FetchResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Fetch semantics clients depend on: long polling, limits, ranges, and the batch holding the fetch offset. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FetchTest {
    @TempDir Path dataDir;
    Broker broker;
    RawClient client;
    Log log;

    @BeforeEach
    void start() throws Exception {
        broker = Broker.start(BrokerConfig.defaults(dataDir).withPort(0));
        client = new RawClient("127.0.0.1", broker.port());
        assertThat(broker.topics().create("events", 1, Map.of())).isNull();
        log = broker.topics().topic("events").partition(0).log();
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        broker.close();
    }

    private void append(int count, int valueBytes) throws Exception {
        SimpleRecord[] records = new SimpleRecord[count];
        for (int i = 0; i < count; i++) records[i] = new SimpleRecord(("k" + i).getBytes(), new byte[valueBytes]);
        log.append(MemoryRecords.withRecords(Compression.NONE, records).buffer()).durable().get(5, TimeUnit.SECONDS);
    }

    private FetchResponse fetch(long offset, int maxWaitMs, int minBytes, int partitionMaxBytes, IsolationLevel isolation) throws Exception {
        Map<TopicPartition, FetchRequest.PartitionData> partitions = new LinkedHashMap<>();
        partitions.put(new TopicPartition("events", 0), new FetchRequest.PartitionData(Uuid.ZERO_UUID, offset, -1, partitionMaxBytes, Optional.empty()));
        FetchRequest request = FetchRequest.Builder.forConsumer((short) 12, maxWaitMs, minBytes, partitions)
                .isolationLevel(isolation).build((short) 12);
        return client.send(request);
    }

    private static List<Long> offsets(FetchResponse response) {
        var partition = response.data().responses().getFirst().partitions().getFirst();
        List<Long> offsets = new ArrayList<>();
        for (RecordBatch batch : ((MemoryRecords) partition.records()).batches()) {
            for (Record record : batch) offsets.add(record.offset());
        }
        return offsets;
    }

    private static short error(FetchResponse response) {
        return response.data().responses().getFirst().partitions().getFirst().errorCode();
    }

    @Test
    void longPollReturnsAsSoonAsDataArrives() throws Exception {
        CompletableFuture<FetchResponse> pending = CompletableFuture.supplyAsync(() -> {
            try {
                return fetch(0, 20_000, 1, 1 << 20, IsolationLevel.READ_UNCOMMITTED);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        Thread.sleep(300);
        assertThat(pending).isNotDone();
        long appended = System.nanoTime();
        append(3, 10);
        FetchResponse response = pending.get(10, TimeUnit.SECONDS);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - appended)).isLessThan(10_000);
        assertThat(offsets(response)).containsExactly(0L, 1L, 2L);
    }

    @Test
    void emptyLongPollEndsAfterMaxWait() throws Exception {
        long started = System.nanoTime();
        FetchResponse response = fetch(0, 400, 1, 1 << 20, IsolationLevel.READ_UNCOMMITTED);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isGreaterThanOrEqualTo(350);
        assertThat(error(response)).isEqualTo(Errors.NONE.code());
        assertThat(offsets(response)).isEmpty();
    }

    @Test
    void waitsForMinBytesWhenSomeDataIsAlreadyThere() throws Exception {
        append(1, 10);
        CompletableFuture<FetchResponse> pending = CompletableFuture.supplyAsync(() -> {
            try {
                return fetch(0, 20_000, 5000, 1 << 20, IsolationLevel.READ_UNCOMMITTED);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        Thread.sleep(300);
        assertThat(pending).as("below fetch.min.bytes the broker keeps waiting").isNotDone();
        append(3, 2000);
        assertThat(offsets(pending.get(10, TimeUnit.SECONDS))).containsExactly(0L, 1L, 2L, 3L);
    }

    @Test
    void startsAtTheBatchHoldingTheFetchOffset() throws Exception {
        append(5, 10);
        assertThat(offsets(fetch(3, 0, 1, 1 << 20, IsolationLevel.READ_UNCOMMITTED))).startsWith(0L).contains(3L, 4L);
    }

    @Test
    void returnsAtLeastOneWholeBatchOverThePartitionLimit() throws Exception {
        append(4, 2000);
        append(4, 2000);
        FetchResponse response = fetch(0, 0, 1, 100, IsolationLevel.READ_UNCOMMITTED);
        assertThat(offsets(response)).containsExactly(0L, 1L, 2L, 3L);
    }

    @Test
    void answersOffsetOutOfRangeBeyondTheEnd() throws Exception {
        append(2, 10);
        FetchResponse response = fetch(7, 0, 1, 1 << 20, IsolationLevel.READ_UNCOMMITTED);
        assertThat(error(response)).isEqualTo(Errors.OFFSET_OUT_OF_RANGE.code());
        assertThat(response.data().responses().getFirst().partitions().getFirst().highWatermark()).isEqualTo(2);
    }

    @Test
    void readCommittedSeesEverythingWithoutTransactions() throws Exception {
        append(3, 10);
        FetchResponse response = fetch(0, 0, 1, 1 << 20, IsolationLevel.READ_COMMITTED);
        var partition = response.data().responses().getFirst().partitions().getFirst();
        assertThat(partition.lastStableOffset()).isEqualTo(3);
        assertThat(partition.abortedTransactions()).isEmpty();
        assertThat(offsets(response)).containsExactly(0L, 1L, 2L);
    }

    @Test
    void listsUnknownPartitionsWithAnError() throws Exception {
        Map<TopicPartition, FetchRequest.PartitionData> partitions = new LinkedHashMap<>();
        partitions.put(new TopicPartition("events", 0), new FetchRequest.PartitionData(Uuid.ZERO_UUID, 0, -1, 1000, Optional.empty()));
        partitions.put(new TopicPartition("missing", 0), new FetchRequest.PartitionData(Uuid.ZERO_UUID, 0, -1, 1000, Optional.empty()));
        FetchResponse response = client.send(FetchRequest.Builder.forConsumer((short) 12, 0, 1, partitions).build((short) 12));
        assertThat(response.data().responses()).hasSize(2);
        assertThat(response.data().responses().get(1).partitions().getFirst().errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
    }

}
