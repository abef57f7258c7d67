package dev.herald.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.MetadataResponse;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

@Order(2)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OnEachBrokerTest {

    @RegisterExtension
    static final ApacheKafkaExtension KAFKA = new ApacheKafkaExtension();

    @OnEachBroker
    void runsOncePerAvailableBroker(KafkaTarget broker) throws Exception {
        String topic = "each-broker-" + broker.name();
        ApacheKafkaBrokerTest.produce(broker, new ProducerRecord<>(topic, "k", "v"));
        assertThat(ApacheKafkaBrokerTest.consumeOne(broker, new TopicPartition(topic, 0)).key()).isEqualTo("k");
    }

    @OnEachBroker
    void sendsExactRequestsOverKafkaWire(KafkaTarget broker) {
        try (KafkaWire wire = KafkaWire.connect(broker)) {
            ApiVersionsResponse versions = wire.send(new ApiVersionsRequest.Builder(), (short) 3);
            assertThat(versions.data().errorCode()).isZero();
            assertThat(versions.apiVersion(ApiKeys.METADATA.id)).isNotNull();
            MetadataResponse metadata = wire.send(new MetadataRequest.Builder(new MetadataRequestData()
                    .setTopics(List.of()).setAllowAutoTopicCreation(false)), (short) 12);
            assertThat(metadata.clusterId()).isNotBlank();
            assertThat(metadata.brokers()).singleElement().satisfies(node -> assertThat(node.port()).isEqualTo(broker.port()));
        }
    }

    @Test
    void sharesOneApacheKafkaBrokerPerJvm(ApacheKafkaBroker injected, KafkaTarget target) {
        assertThat(injected).isSameAs(KAFKA.broker()).isSameAs(target);
        assertThat(injected.clusterId()).hasSize(22);
        assertThat(KAFKA.bootstrapServers()).isEqualTo(injected.bootstrapServers());
    }

    @Test
    void runsAgainstHeraldAndApacheKafkaByDefault() {
        assertThat(KafkaTargets.selectedNames()).containsExactly(KafkaTargets.HERALD, ApacheKafkaBroker.NAME);
    }
}
