package dev.herald.bench.load;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/** The topics the workloads use, created up front on each broker with the contender's topic configs. Stateless. */
final class Topics {

    static final String ONE_KIB_1P = "bench-1k-p1";
    static final String ONE_KIB_6P = "bench-1k-p6";
    static final String HUNDRED_BYTES = "bench-100b";
    static final String SEND_ACK_LATENCY = "bench-send-ack";
    static final String END_TO_END_LATENCY = "bench-e2e";
    static final String ONE_IN_FLIGHT = "bench-one-in-flight";

    private Topics() {
    }

    static void create(String bootstrapServers, Map<String, String> configs) {
        Properties admin = new Properties();
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        admin.put(AdminClientConfig.CLIENT_ID_CONFIG, "herald-bench-topics");
        List<NewTopic> topics = List.of(topic(ONE_KIB_1P, 1, configs), topic(ONE_KIB_6P, 6, configs),
                topic(HUNDRED_BYTES, 1, configs), topic(SEND_ACK_LATENCY, 1, configs),
                topic(END_TO_END_LATENCY, 1, configs), topic(ONE_IN_FLIGHT, 1, configs));
        try (Admin client = Admin.create(admin)) {
            client.createTopics(topics).all().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not create the benchmark topics on " + bootstrapServers, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    private static NewTopic topic(String name, int partitions, Map<String, String> configs) {
        return new NewTopic(name, Optional.of(partitions), Optional.of((short) 1)).configs(configs);
    }
}
