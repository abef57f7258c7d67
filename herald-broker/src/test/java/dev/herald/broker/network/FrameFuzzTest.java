package dev.herald.broker.network;

import dev.herald.broker.Broker;
import dev.herald.broker.BrokerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Throws arbitrary bytes and mutated valid requests, split across many small writes, at the broker. Whatever
 * arrives, only that connection may close: afterwards real clients still produce and read every record they
 * wrote before the onslaught.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class FrameFuzzTest {
    private static final int ROUNDS = 300;
    @TempDir Path dataDir;
    Broker broker;

    @BeforeEach
    void start() throws Exception {
        broker = Broker.start(BrokerConfig.defaults(dataDir).withPort(0).withMaxRequestBytes(1 << 20));
    }

    @AfterEach
    void stop() throws Exception {
        broker.close();
    }

    @Test
    void survivesGarbageAndMutatedRequests() throws Exception {
        produce("before", 20);
        long seed = System.nanoTime();
        Random random = new Random(seed);
        List<byte[]> valid = validFrames();
        for (int round = 0; round < ROUNDS; round++) {
            byte[] frame = switch (random.nextInt(4)) {
                case 0 -> randomBytes(random, random.nextInt(200));
                case 1 -> mutate(random, valid.get(random.nextInt(valid.size())));
                case 2 -> truncate(random, valid.get(random.nextInt(valid.size())));
                default -> withSize(random.nextBoolean() ? Integer.MAX_VALUE : -random.nextInt(1000), randomBytes(random, 16));
            };
            sendSplit(random, frame);
        }
        assertThat(broker.topics().topic("before")).as("seed %d", seed).isNotNull();
        produce("after", 20);
        assertThat(readAll("before")).as("seed %d", seed).hasSize(20);
        assertThat(readAll("after")).as("seed %d", seed).hasSize(20);
    }

    private void sendSplit(Random random, byte[] frame) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", broker.port())) {
            socket.setSoTimeout(300);
            OutputStream out = socket.getOutputStream();
            int at = 0;
            try {
                while (at < frame.length) {
                    int chunk = 1 + random.nextInt(Math.max(1, Math.min(64, frame.length - at)));
                    out.write(frame, at, Math.min(chunk, frame.length - at));
                    out.flush();
                    at += chunk;
                }
                socket.shutdownOutput();
                InputStream in = socket.getInputStream();
                byte[] sink = new byte[4096];
                while (in.read(sink) >= 0) { }
            } catch (SocketTimeoutException e) {
                // The broker waits for the rest of a frame that claims more bytes: fine.
            } catch (IOException e) {
                // Connection closed by the broker: the expected answer to garbage.
            }
        }
    }

    private static List<byte[]> validFrames() {
        List<byte[]> frames = new ArrayList<>();
        MetadataRequest metadata = new MetadataRequest.Builder(new MetadataRequestData().setTopics(null)).build((short) 12);
        frames.add(frame(metadata.serializeWithHeader(new RequestHeader(ApiKeys.METADATA, (short) 12, "fuzz", 1))));
        MemoryRecords records = MemoryRecords.withRecords(Compression.NONE, new SimpleRecord("k".getBytes(StandardCharsets.UTF_8), "v".getBytes(StandardCharsets.UTF_8)));
        ProduceRequestData data = new ProduceRequestData().setAcks((short) -1).setTimeoutMs(1000);
        ProduceRequestData.TopicProduceData topic = new ProduceRequestData.TopicProduceData().setName("fuzzed");
        topic.partitionData().add(new ProduceRequestData.PartitionProduceData().setIndex(0).setRecords(records));
        data.topicData().add(topic);
        ProduceRequest produce = ProduceRequest.builder(data, true).build((short) 9);
        frames.add(frame(produce.serializeWithHeader(new RequestHeader(ApiKeys.PRODUCE, (short) 9, "fuzz", 2))));
        return frames;
    }

    private static byte[] frame(ByteBuffer body) {
        return withSize(body.remaining(), toArray(body));
    }

    private static byte[] withSize(int size, byte[] body) {
        return ByteBuffer.allocate(4 + body.length).putInt(size).put(body).array();
    }

    private static byte[] toArray(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] mutate(Random random, byte[] frame) {
        byte[] copy = frame.clone();
        int flips = 1 + random.nextInt(4);
        for (int i = 0; i < flips; i++) copy[4 + random.nextInt(copy.length - 4)] = (byte) random.nextInt(256);
        return copy;
    }

    private static byte[] truncate(Random random, byte[] frame) {
        return java.util.Arrays.copyOf(frame, 1 + random.nextInt(frame.length - 1));
    }

    private void produce(String topic, int count) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", broker.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < count; i++) producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i)).get();
        }
    }

    private List<String> readAll(String topic) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", broker.bootstrapServers()),
                new StringDeserializer(), new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            List<String> values = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 20_000;
            while (values.size() < 20 && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
            }
            return values;
        }
    }
}
