package dev.herald.server;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** What an operator scrapes from a real {@code herald serve}: the figures follow what clients actually did. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MetricsEndpointTest {
    @TempDir Path dataDir;

    private static String scrape(ServeProcess server) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(server.httpBase() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            return response.body();
        }
    }

    /** The value of the sample whose name and labels are exactly {@code series}; fails when it is missing. */
    private static double value(String metrics, String series) {
        Optional<Double> value = sample(metrics, series);
        assertThat(value).as("series %s in:%n%s", series, metrics).isPresent();
        return value.get();
    }

    /** The value of the sample {@code series}, if the scrape has it. */
    private static Optional<Double> sample(String metrics, String series) {
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(metrics);
        return line.find() ? Optional.of(Double.parseDouble(line.group(1))) : Optional.empty();
    }

    @Test
    void reportsTrafficFsyncsConnectionsAndLag() throws Exception {
        try (ServeProcess server = ServeProcess.start(dataDir)) {
            Map<String, Object> producerConfig = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, server.bootstrap(),
                    ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 0);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer())) {
                for (int i = 0; i < 50; i++) producer.send(new ProducerRecord<>("scraped", "k" + i, "value-" + i)).get();

                String during = scrape(server);
                assertThat(value(during, "herald_connections")).as("open connections while the producer is connected").isGreaterThanOrEqualTo(1);
                assertThat(value(during, "herald_topic_records_in_total{topic=\"scraped\"}")).isEqualTo(50);
                assertThat(value(during, "herald_request_seconds_count{api=\"Produce\"}")).isGreaterThanOrEqualTo(50);
                // Every acks=all write waited for a group-commit round; one at a time, each needed its own.
                assertThat(value(during, "herald_fsync_writes_sum")).isGreaterThanOrEqualTo(50);
                assertThat(value(during, "herald_fsync_seconds_count")).isGreaterThanOrEqualTo(1);
            }

            assertThat(sample(scrape(server), "herald_interval_flush_seconds_count"))
                    .as("no interval flushes under --fsync always").isEmpty();

            Map<String, Object> consumerConfig = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, server.bootstrap(),
                    ConsumerConfig.GROUP_ID_CONFIG, "readers", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 20, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of("scraped"));
                int read = 0;
                while (read == 0) read = consumer.poll(Duration.ofMillis(500)).count();
                consumer.commitSync();

                double lag = value(scrape(server), "herald_consumer_lag_records{group=\"readers\",partition=\"0\",topic=\"scraped\"}");
                assertThat(lag).isEqualTo(50 - read);
            }
        }
    }

    @Test
    void reportsTheIntervalFlushesOfFsyncInterval() throws Exception {
        try (ServeProcess server = ServeProcess.start(dataDir, "--fsync", "interval:100")) {
            Map<String, Object> producerConfig = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, server.bootstrap(),
                    ProducerConfig.ACKS_CONFIG, "all");
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("flushed", "k", "v")).get();
            }
            // A flush every 100 ms: a few within two seconds, however loaded the machine.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            double flushes = 0;
            while (flushes < 2 && System.nanoTime() < deadline) {
                Thread.sleep(100);
                flushes = sample(scrape(server), "herald_interval_flush_seconds_count").orElse(0.0);
            }
            String metrics = scrape(server);
            assertThat(flushes).as("interval flushes counted").isGreaterThanOrEqualTo(2);
            assertThat(value(metrics, "herald_interval_flush_seconds_sum")).isPositive();
            assertThat(value(metrics, "herald_fsync_writes_sum")).as("no group-commit round under interval:100").isZero();
        }
    }
}
