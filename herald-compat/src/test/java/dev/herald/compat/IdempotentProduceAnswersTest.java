package dev.herald.compat;

import static dev.herald.compat.Clients.get;
import static dev.herald.compat.Clients.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testkit.KafkaTarget;
import dev.herald.testkit.KafkaWire;
import dev.herald.testkit.OnEachBroker;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceRequestData.PartitionProduceData;
import org.apache.kafka.common.message.ProduceRequestData.TopicProduceData;
import org.apache.kafka.common.message.ProduceRequestData.TopicProduceDataCollection;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.InitProducerIdRequest;
import org.apache.kafka.common.requests.InitProducerIdResponse;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.ProduceResponse;
import org.junit.jupiter.api.Timeout;

/**
 * The idempotent producer's contract as the broker answers it, with byte-exact batches over {@link KafkaWire}:
 * a retried batch is acknowledged with its original offset and written once, a sequence gap is refused. Real
 * clients only retry when a network blip makes them, so this is where "no duplicates" is proven. Every expectation
 * is what Apache Kafka 4.4 answers.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class IdempotentProduceAnswersTest {

    private static final short INIT_PRODUCER_ID = 5;
    /** The newest Produce that names topics rather than topic ids (v13 needs topic ids). */
    private static final short PRODUCE = 12;

    @OnEachBroker
    void acknowledgesARetriedBatchWithItsOriginalOffsetAndWritesItOnce(KafkaTarget broker) {
        String topic = unique("idempotent", broker);
        Clients.createTopic(broker, topic, 1);
        try (KafkaWire wire = KafkaWire.connect(broker)) {
            InitProducerIdResponseData producer = initProducerId(wire);
            assertThat(Errors.forCode(producer.errorCode())).isEqualTo(Errors.NONE);
            assertThat(producer.producerId()).isNotNegative();
            assertThat(producer.producerEpoch()).isZero();
            long id = producer.producerId();
            short epoch = producer.producerEpoch();

            PartitionProduceResponse first = produce(wire, topic, id, epoch, 0, "a", "b");
            assertThat(Errors.forCode(first.errorCode())).isEqualTo(Errors.NONE);
            assertThat(first.baseOffset()).isZero();

            PartitionProduceResponse retried = produce(wire, topic, id, epoch, 0, "a", "b");
            assertThat(Errors.forCode(retried.errorCode())).isEqualTo(Errors.NONE);
            assertThat(retried.baseOffset()).as("offset of the retried batch").isZero();

            PartitionProduceResponse gap = produce(wire, topic, id, epoch, 5, "x");
            assertThat(Errors.forCode(gap.errorCode())).isEqualTo(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER);

            PartitionProduceResponse next = produce(wire, topic, id, epoch, 2, "c", "d");
            assertThat(Errors.forCode(next.errorCode())).isEqualTo(Errors.NONE);
            assertThat(next.baseOffset()).isEqualTo(2);

            PartitionProduceResponse earlierRetried = produce(wire, topic, id, epoch, 0, "a", "b");
            assertThat(Errors.forCode(earlierRetried.errorCode())).isEqualTo(Errors.NONE);
            assertThat(earlierRetried.baseOffset()).as("a retry of any of the last five batches").isZero();
        }
        TopicPartition partition = new TopicPartition(topic, 0);
        try (Admin admin = Clients.admin(broker)) {
            assertThat(get(admin.listOffsets(Map.of(partition, OffsetSpec.latest())).partitionResult(partition)).offset())
                    .isEqualTo(4);
        }
        assertThat(Clients.read(broker, partition, 0, 4)).extracting(ConsumerRecord::value)
                .containsExactly("a", "b", "c", "d");
    }

    @OnEachBroker
    void givesEveryIdempotentProducerItsOwnId(KafkaTarget broker) {
        try (KafkaWire wire = KafkaWire.connect(broker)) {
            long first = initProducerId(wire).producerId();
            long second = initProducerId(wire).producerId();
            assertThat(second).isNotEqualTo(first);
        }
    }

    /**
     * InitProducerId, retried the way clients retry it: Apache Kafka answers COORDINATOR_LOAD_IN_PROGRESS until its
     * first block of producer ids arrives from the controller.
     */
    private static InitProducerIdResponseData initProducerId(KafkaWire wire) {
        InitProducerIdResponseData[] answer = new InitProducerIdResponseData[1];
        Clients.await("a producer id", () -> {
            InitProducerIdResponse response = wire.send(new InitProducerIdRequest.Builder(new InitProducerIdRequestData()
                    .setTransactionalId(null).setTransactionTimeoutMs(Integer.MAX_VALUE)
                    .setProducerId(-1).setProducerEpoch((short) -1)), INIT_PRODUCER_ID);
            answer[0] = response.data();
            return Errors.forCode(answer[0].errorCode()) != Errors.COORDINATOR_LOAD_IN_PROGRESS;
        });
        return answer[0];
    }

    private static PartitionProduceResponse produce(KafkaWire wire, String topic, long producerId, short epoch,
            int baseSequence, String... values) {
        SimpleRecord[] records = new SimpleRecord[values.length];
        for (int i = 0; i < values.length; i++) {
            records[i] = new SimpleRecord(System.currentTimeMillis(), "k".getBytes(StandardCharsets.UTF_8),
                    values[i].getBytes(StandardCharsets.UTF_8));
        }
        MemoryRecords batch = MemoryRecords.withIdempotentRecords(Compression.NONE, producerId, epoch, baseSequence, records);
        TopicProduceDataCollection topics = new TopicProduceDataCollection();
        topics.add(new TopicProduceData().setName(topic).setPartitionData(List.of(
                new PartitionProduceData().setIndex(0).setRecords(batch))));
        ProduceResponse response = wire.send(ProduceRequest.builder(new ProduceRequestData()
                .setAcks((short) -1).setTimeoutMs(30_000).setTopicData(topics)), PRODUCE);
        return response.data().responses().iterator().next().partitionResponses().getFirst();
    }
}
