package dev.herald.broker.network;

import dev.herald.broker.Broker;
import dev.herald.broker.BrokerConfig;
import dev.herald.broker.RawClient;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.MetadataResponse;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.ProduceResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several requests in flight on one connection: acks=all produces are applied back to back while earlier ones wait
 * for their fsync, and every answer still leaves in request order (RawClient.pipeline fails on a correlation-id
 * mismatch).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PipeliningTest {
    private static final long PRODUCER_ID = 4242;

    @TempDir Path dataDir;
    Broker broker;
    RawClient client;

    @BeforeEach
    void start() throws Exception {
        broker = Broker.start(BrokerConfig.defaults(dataDir).withPort(0));
        client = new RawClient("127.0.0.1", broker.port());
        assertThat(broker.topics().create("events", 1, Map.of())).isNull();
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        broker.close();
    }

    private static ProduceRequest produce(short acks, int sequence, int records) {
        SimpleRecord[] batch = new SimpleRecord[records];
        for (int i = 0; i < records; i++) batch[i] = new SimpleRecord(("v" + (sequence + i)).getBytes(StandardCharsets.UTF_8));
        MemoryRecords memory = MemoryRecords.withIdempotentRecords(Compression.NONE, PRODUCER_ID, (short) 0, sequence, batch);
        ProduceRequestData data = new ProduceRequestData().setAcks(acks).setTimeoutMs(10_000);
        ProduceRequestData.TopicProduceData topic = new ProduceRequestData.TopicProduceData().setName("events");
        topic.partitionData().add(new ProduceRequestData.PartitionProduceData().setIndex(0).setRecords(memory));
        data.topicData().add(topic);
        return ProduceRequest.builder(data, true).build((short) 9);
    }

    private static ProduceResponseData.PartitionProduceResponse partition(AbstractResponse response) {
        return ((ProduceResponse) response).data().responses().iterator().next().partitionResponses().getFirst();
    }

    @Test
    void answersManyInFlightProducesInOrderWithTheirOwnOffsets() throws Exception {
        List<AbstractRequest> requests = new ArrayList<>();
        for (int i = 0; i < 40; i++) requests.add(produce((short) -1, i * 5, 5));

        List<AbstractResponse> responses = client.pipeline(requests);

        assertThat(responses).hasSize(40);
        for (int i = 0; i < 40; i++) {
            ProduceResponseData.PartitionProduceResponse answer = partition(responses.get(i));
            assertThat(answer.errorCode()).as("request %d", i).isEqualTo(Errors.NONE.code());
            assertThat(answer.baseOffset()).as("request %d", i).isEqualTo(i * 5L);
        }
        assertThat(broker.topics().topic("events").partition(0).log().highWatermark()).isEqualTo(200);
    }

    @Test
    void answersQuickRequestsAfterTheDeferredOnesBeforeThem() throws Exception {
        List<AbstractRequest> requests = List.of(
                produce((short) -1, 0, 3),
                new ApiVersionsRequest.Builder(new ApiVersionsRequestData(), (short) 3, (short) 3).build((short) 3),
                produce((short) 0, 3, 2),
                produce((short) 1, 5, 1),
                new MetadataRequest.Builder(new MetadataRequestData().setTopics(List.of(
                        new MetadataRequestData.MetadataRequestTopic().setName("events")))).build((short) 12),
                produce((short) -1, 6, 4));

        List<AbstractResponse> responses = client.pipeline(requests);

        // The acks=0 produce gets no answer; the other five come back in request order.
        assertThat(responses).hasSize(5);
        assertThat(partition(responses.get(0)).baseOffset()).isZero();
        assertThat(responses.get(1)).isInstanceOf(ApiVersionsResponse.class);
        assertThat(partition(responses.get(2)).baseOffset()).isEqualTo(5);
        assertThat(((MetadataResponse) responses.get(3)).topicMetadata()).singleElement()
                .satisfies(topic -> assertThat(topic.error()).isEqualTo(Errors.NONE));
        assertThat(partition(responses.get(4)).baseOffset()).isEqualTo(6);
    }

    @Test
    void keepsTheOrderAfterAnApiVersionsRequestOfAnUnsupportedVersion() throws Exception {
        // The v0 fallback answer to a too-new ApiVersions is queued like any other: the answers that follow a
        // deferred produce still wait for it.
        List<AbstractRequest> requests = new ArrayList<>();
        requests.add(new ApiVersionsRequest.Builder(new ApiVersionsRequestData(), (short) 5, (short) 5).build((short) 5));
        for (int i = 0; i < 10; i++) {
            requests.add(produce((short) -1, i, 1));
            requests.add(new MetadataRequest.Builder(new MetadataRequestData().setTopics(List.of(
                    new MetadataRequestData.MetadataRequestTopic().setName("events")))).build((short) 12));
        }

        List<AbstractResponse> responses = client.pipeline(requests);

        assertThat(responses).hasSize(21);
        assertThat(((ApiVersionsResponse) responses.getFirst()).data().errorCode()).isEqualTo(Errors.UNSUPPORTED_VERSION.code());
        for (int i = 0; i < 10; i++) {
            assertThat(partition(responses.get(1 + 2 * i)).baseOffset()).as("produce %d", i).isEqualTo(i);
            assertThat(responses.get(2 + 2 * i)).isInstanceOf(MetadataResponse.class);
        }
    }

    @Test
    void refusesAnOutOfOrderSequenceEvenWhenPipelined() throws Exception {
        List<AbstractResponse> responses = client.pipeline(List.of(
                produce((short) -1, 0, 2), produce((short) -1, 5, 1), produce((short) -1, 2, 1)));

        assertThat(partition(responses.get(0)).errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(partition(responses.get(1)).errorCode()).isEqualTo(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER.code());
        assertThat(partition(responses.get(2)).baseOffset()).isEqualTo(2);
    }
}
