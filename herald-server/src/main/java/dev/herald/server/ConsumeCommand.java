package dev.herald.server;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code herald consume TOPIC}: prints records as {@code partition offset key value}. Reads every partition without
 * a consumer group (nothing is committed), from the end by default, or from the beginning, an offset or a time;
 * stops at the end unless {@code --follow}.
 */
@Command(name = "consume", mixinStandardHelpOptions = true, description = "Print records of a topic (replay by offset or time).")
final class ConsumeCommand implements Callable<Integer> {
    @Mixin BootstrapOption bootstrap;
    @Parameters(paramLabel = "TOPIC") String topic;
    @ArgGroup(exclusive = true) Start start = new Start();
    @Option(names = "--follow", description = "Keep waiting for new records.") boolean follow;
    @Option(names = "--max-records", description = "Stop after this many records.") Long maxRecords;

    static final class Start {
        @Option(names = "--from-beginning", description = "Start at the earliest offset.") boolean beginning;
        @Option(names = "--offset", description = "Start at this offset in every partition.") Long offset;
        @Option(names = "--from-time", description = "Start at the first record at or after this time (ISO-8601 or epoch ms).") String time;
    }

    @Override
    public Integer call() {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(bootstrap.clientProperties(), new StringDeserializer(), new StringDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
            if (infos == null || infos.isEmpty()) {
                System.err.println("Topic " + topic + " does not exist.");
                return 1;
            }
            List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            position(consumer, partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long printed = 0;
            while (true) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    System.out.printf("%d\t%d\t%s\t%s%n", record.partition(), record.offset(), record.key() == null ? "" : record.key(), record.value());
                    if (maxRecords != null && ++printed >= maxRecords) return 0;
                }
                if (!follow && partitions.stream().allMatch(p -> consumer.position(p) >= ends.get(p))) return 0;
            }
        }
    }

    private void position(KafkaConsumer<String, String> consumer, List<TopicPartition> partitions) {
        if (start.beginning) {
            consumer.seekToBeginning(partitions);
        } else if (start.offset != null) {
            partitions.forEach(p -> consumer.seek(p, start.offset));
        } else if (start.time != null) {
            long millis = start.time.matches("\\d+") ? Long.parseLong(start.time) : Instant.parse(start.time).toEpochMilli();
            Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(p -> query.put(p, millis));
            Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            partitions.forEach(p -> consumer.seek(p, found.get(p) == null ? ends.get(p) : found.get(p).offset()));
        } else {
            consumer.seekToEnd(partitions);
        }
    }
}
