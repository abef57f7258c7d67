package dev.herald.broker.network;

import dev.herald.broker.Broker;
import dev.herald.broker.BrokerConfig;
import dev.herald.broker.RawClient;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import dev.herald.storage.log.Log;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.FetchResponse;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * connections.max.idle.ms: a connection that sends nothing is closed, and so is one whose client reads nothing of its
 * answer; one waiting for its answer is not.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class IdleConnectionsTest {
    private static final long IDLE_MS = 300;

    @TempDir Path dataDir;
    Broker broker;

    @AfterEach
    void stop() throws Exception {
        if (broker != null) broker.close();
    }

    private void start(long idleMs) throws Exception {
        broker = Broker.start(BrokerConfig.defaults(dataDir).withPort(0).withConnectionsMaxIdleMs(idleMs));
        assertThat(broker.topics().create("events", 1, Map.of())).isNull();
    }

    private static ApiVersionsResponse apiVersions(RawClient client) throws Exception {
        return client.send(new ApiVersionsRequest.Builder(new ApiVersionsRequestData()
                .setClientSoftwareName("raw-client").setClientSoftwareVersion("1.0"), (short) 3, (short) 3).build((short) 3));
    }

    @Test
    void closesAConnectionThatSendsNothingForTheIdleTime() throws Exception {
        start(IDLE_MS);
        try (RawClient client = new RawClient("127.0.0.1", broker.port())) {
            assertThat(apiVersions(client).data().errorCode()).isEqualTo(Errors.NONE.code());

            // isClosedByPeer waits up to 2 s for the end of the stream.
            assertThat(client.isClosedByPeer() || client.isClosedByPeer()).isTrue();
        }
    }

    @Test
    void keepsAConnectionWhoseLongPollFetchOutlastsTheIdleTime() throws Exception {
        start(IDLE_MS);
        try (RawClient client = new RawClient("127.0.0.1", broker.port())) {
            int maxWaitMs = (int) (IDLE_MS * 5);
            FetchRequest request = FetchRequest.Builder.forConsumer((short) 12, maxWaitMs, 1, Map.of(
                    new TopicPartition("events", 0), new FetchRequest.PartitionData(Uuid.ZERO_UUID, 0, -1, 1 << 20, Optional.empty())))
                    .build((short) 12);

            long started = System.nanoTime();
            FetchResponse response = client.send(request);

            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isGreaterThanOrEqualTo(maxWaitMs - 50);
            assertThat(response.error()).isEqualTo(Errors.NONE);
            // Answered, and the connection still serves requests: the wait for the answer was not idleness.
            assertThat(apiVersions(client).data().errorCode()).isEqualTo(Errors.NONE.code());
        }
    }

    @Test
    void closesAConnectionWhoseClientStopsReadingItsAnswer() throws Exception {
        start(IDLE_MS);
        Log log = broker.topics().topic("events").partition(0).log();
        SimpleRecord[] records = new SimpleRecord[1024];
        for (int i = 0; i < records.length; i++) records[i] = new SimpleRecord(new byte[8 * 1024]);
        log.append(MemoryRecords.withRecords(Compression.NONE, records).buffer()).durable().get(10, TimeUnit.SECONDS);
        try (SocketChannel client = SocketChannel.open()) {
            client.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
            client.connect(new InetSocketAddress("127.0.0.1", broker.port()));
            FetchRequest fetch = FetchRequest.Builder.forConsumer((short) 12, 0, 1, Map.of(new TopicPartition("events", 0),
                    new FetchRequest.PartitionData(Uuid.ZERO_UUID, 0, -1, 16 << 20, Optional.empty()))).build((short) 12);
            ByteBuffer body = fetch.serializeWithHeader(new RequestHeader(ApiKeys.FETCH, (short) 12, "stalled", 1));
            client.write(new ByteBuffer[]{ByteBuffer.allocate(4).putInt(0, body.remaining()), body});

            long accepted = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (broker.openConnections() == 0 && System.nanoTime() < accepted) Thread.sleep(10);
            assertThat(broker.openConnections()).isOne();

            // The 8 MiB answer cannot fit in the sockets' buffers, and the client reads none of it.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (broker.openConnections() > 0 && System.nanoTime() < deadline) Thread.sleep(50);
            assertThat(broker.openConnections()).as("connections left open with a stalled answer").isZero();
        }
    }

    @Test
    void keepsIdleConnectionsWhenTheLimitIsOff() throws Exception {
        start(0);
        try (RawClient client = new RawClient("127.0.0.1", broker.port())) {
            apiVersions(client);

            assertThat(client.isClosedByPeer()).isFalse();
            assertThat(apiVersions(client).data().errorCode()).isEqualTo(Errors.NONE.code());
        }
    }

    private static double closedConnections(KafkaProducer<?, ?> producer) {
        return producer.metrics().entrySet().stream()
                .filter(m -> m.getKey().name().equals("connection-close-total") && m.getKey().group().equals("producer-metrics"))
                .mapToDouble(m -> ((Number) m.getValue().metricValue()).doubleValue()).sum();
    }

    @Test
    void aJavaProducerReconnectsAfterItsConnectionWasClosedForIdleness() throws Exception {
        start(IDLE_MS);
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 0);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            assertThat(producer.send(new ProducerRecord<>("events", "k", "first")).get(10, TimeUnit.SECONDS).offset()).isZero();
            // The client reconnects by itself to refresh its metadata after a close, so count the closes it saw.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (closedConnections(producer) < 1 && System.nanoTime() < deadline) Thread.sleep(50);
            assertThat(closedConnections(producer)).as("connections the broker closed for idleness").isGreaterThanOrEqualTo(1);

            assertThat(producer.send(new ProducerRecord<>("events", "k", "second")).get(10, TimeUnit.SECONDS).offset()).isEqualTo(1);
        }
    }
}
