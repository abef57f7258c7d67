package dev.herald.server;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/** {@code herald topics create|list|describe|alter|delete}: topic administration through the Kafka Admin API. */
@Command(name = "topics", mixinStandardHelpOptions = true, description = "Create, list, describe, alter and delete topics.",
        subcommands = {TopicsCommand.Create.class, TopicsCommand.ListTopics.class, TopicsCommand.Describe.class,
                TopicsCommand.Alter.class, TopicsCommand.Delete.class})
final class TopicsCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    static Map<String, String> parseConfigs(List<String> pairs) {
        Map<String, String> configs = new HashMap<>();
        for (String pair : pairs) {
            int equals = pair.indexOf('=');
            if (equals <= 0) throw new IllegalArgumentException("--config takes name=value, got '" + pair + "'");
            configs.put(pair.substring(0, equals), pair.substring(equals + 1));
        }
        return configs;
    }

    @Command(name = "create", description = "Create a topic.")
    static final class Create implements Callable<Integer> {
        @Mixin BootstrapOption bootstrap;
        @Parameters(paramLabel = "TOPIC") String topic;
        @Option(names = "--partitions", description = "Number of partitions (default: broker default).") Optional<Integer> partitions;
        @Option(names = "--replication-factor", description = "Replication factor (default: broker default).") Optional<Short> replicationFactor;
        @Option(names = "--config", description = "Topic setting name=value (repeatable).") List<String> configs = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            try (Admin admin = Admin.create(bootstrap.clientProperties())) {
                NewTopic newTopic = new NewTopic(topic, partitions, replicationFactor).configs(parseConfigs(configs));
                admin.createTopics(List.of(newTopic)).all().get();
                System.out.println("Created topic " + topic + ".");
                return 0;
            }
        }
    }

    @Command(name = "list", description = "List topics.")
    static final class ListTopics implements Callable<Integer> {
        @Mixin BootstrapOption bootstrap;

        @Override
        public Integer call() throws Exception {
            try (Admin admin = Admin.create(bootstrap.clientProperties())) {
                new TreeSet<>(admin.listTopics().names().get()).forEach(System.out::println);
                return 0;
            }
        }
    }

    @Command(name = "describe", description = "Show a topic's partitions, offsets and settings.")
    static final class Describe implements Callable<Integer> {
        @Mixin BootstrapOption bootstrap;
        @Parameters(paramLabel = "TOPIC") String topic;

        @Override
        public Integer call() throws Exception {
            try (Admin admin = Admin.create(bootstrap.clientProperties())) {
                TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
                Map<TopicPartition, OffsetSpec> earliest = new HashMap<>(), latest = new HashMap<>();
                description.partitions().forEach(p -> {
                    earliest.put(new TopicPartition(topic, p.partition()), OffsetSpec.earliest());
                    latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
                });
                var starts = admin.listOffsets(earliest).all().get();
                var ends = admin.listOffsets(latest).all().get();
                System.out.printf("Topic: %s  Id: %s  Partitions: %d%n", topic, description.topicId(), description.partitions().size());
                System.out.printf("%-10s %-8s %15s %15s%n", "PARTITION", "LEADER", "START-OFFSET", "END-OFFSET");
                description.partitions().forEach(p -> {
                    TopicPartition tp = new TopicPartition(topic, p.partition());
                    System.out.printf("%-10d %-8s %15d %15d%n", p.partition(), p.leader() == null ? "none" : p.leader().id(),
                            starts.get(tp).offset(), ends.get(tp).offset());
                });
                ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
                Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
                System.out.println("Configs:");
                config.entries().stream().sorted((a, b) -> a.name().compareTo(b.name())).forEach(e ->
                        System.out.printf("  %s=%s%s%n", e.name(), e.value(), e.source() == ConfigEntry.ConfigSource.DEFAULT_CONFIG ? "" : "  (override)"));
                return 0;
            }
        }
    }

    @Command(name = "alter", description = "Change topic settings or grow its partitions.")
    static final class Alter implements Callable<Integer> {
        @Mixin BootstrapOption bootstrap;
        @Parameters(paramLabel = "TOPIC") String topic;
        @Option(names = "--config", description = "Set name=value (repeatable).") List<String> configs = new ArrayList<>();
        @Option(names = "--delete-config", description = "Reset a setting to its default (repeatable).") List<String> deletes = new ArrayList<>();
        @Option(names = "--partitions", description = "Grow to this many partitions.") Optional<Integer> partitions;

        @Override
        public Integer call() throws Exception {
            try (Admin admin = Admin.create(bootstrap.clientProperties())) {
                List<AlterConfigOp> ops = new ArrayList<>();
                parseConfigs(configs).forEach((k, v) -> ops.add(new AlterConfigOp(new ConfigEntry(k, v), AlterConfigOp.OpType.SET)));
                deletes.forEach(k -> ops.add(new AlterConfigOp(new ConfigEntry(k, null), AlterConfigOp.OpType.DELETE)));
                if (!ops.isEmpty()) {
                    admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, topic), ops)).all().get();
                }
                if (partitions.isPresent()) {
                    admin.createPartitions(Map.of(topic, org.apache.kafka.clients.admin.NewPartitions.increaseTo(partitions.get()))).all().get();
                }
                System.out.println("Altered topic " + topic + ".");
                return 0;
            }
        }
    }

    @Command(name = "delete", description = "Delete a topic and all its data.")
    static final class Delete implements Callable<Integer> {
        @Mixin BootstrapOption bootstrap;
        @Parameters(paramLabel = "TOPIC") String topic;

        @Override
        public Integer call() throws Exception {
            try (Admin admin = Admin.create(bootstrap.clientProperties())) {
                admin.deleteTopics(List.of(topic)).all().get();
                System.out.println("Deleted topic " + topic + ".");
                return 0;
            }
        }
    }
}
