package dev.herald.broker.topic;

import dev.herald.storage.log.Log;
import dev.herald.storage.log.LogDirectory;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The broker's topic catalogue: creates, finds, alters and deletes topics, and keeps their metadata durable in
 * {@code DATA_DIR/herald-meta/topics/NAME.properties} (id, partition count, config overrides) so that topics and
 * their settings survive restarts.
 *
 * <p>Threading: lookups are lock-free; creation, deletion and alteration are serialized on this object.
 */
public final class TopicManager {
    private static final Logger log = LoggerFactory.getLogger(TopicManager.class);
    private static final int MAX_NAME_LENGTH = 249;

    private final LogDirectory logs;
    private final ClusterDefaults clusterDefaults;
    private final Path metaDirectory;
    private final Map<String, Topic> topics = new ConcurrentHashMap<>();

    /** Why a topic operation failed, as a Kafka error and a message for the user. */
    public record Failure(Errors error, String message) { }

    /** A catalogue with Kafka's defaults: one partition per new topic, auto-creation on. */
    public TopicManager(LogDirectory logs) throws IOException {
        this(logs, new ClusterDefaults(logs.root().resolve("herald-meta"), 1, true));
    }

    public TopicManager(LogDirectory logs, ClusterDefaults clusterDefaults) throws IOException {
        this.logs = logs;
        this.clusterDefaults = clusterDefaults;
        this.metaDirectory = logs.root().resolve("herald-meta").resolve("topics");
        Files.createDirectories(metaDirectory);
        load();
    }

    private void load() throws IOException {
        try (Stream<Path> files = Files.list(metaDirectory)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".properties")).sorted().toList()) {
                Map<String, String> entries = MetadataFile.read(file);
                String name = required(file, entries, "name", Function.identity());
                Uuid id = required(file, entries, "id", Uuid::fromString);
                int partitionCount = required(file, entries, "partitions", Integer::parseInt);
                Map<String, String> configs = new TreeMap<>();
                entries.forEach((key, value) -> {
                    if (key.startsWith("config.")) configs.put(key.substring("config.".length()), value);
                });
                topics.put(name, open(name, id, partitionCount, configs));
            }
        }
        log.info("Loaded {} topics", topics.size());
    }

    /** The entry {@code key} of a topic metadata file, parsed; a missing or unreadable one names the file. */
    private static <T> T required(Path file, Map<String, String> entries, String key, Function<String, T> parse) throws IOException {
        String value = entries.get(key);
        if (value == null) throw new IOException("Topic metadata file " + file + " has no '" + key + "' entry");
        try {
            return parse.apply(value);
        } catch (IllegalArgumentException e) {
            throw new IOException("Topic metadata file " + file + " has a damaged '" + key + "' entry: " + value, e);
        }
    }

    private Topic open(String name, Uuid id, int partitionCount, Map<String, String> configs) throws IOException {
        List<Partition> partitions = new ArrayList<>();
        Map<String, String> defaults = clusterDefaults.topicDefaults();
        var logConfig = TopicConfigs.logConfig(Topic.merged(defaults, configs));
        for (int i = 0; i < partitionCount; i++) {
            Log partitionLog = logs.openLog(name, i, logConfig);
            partitions.add(new Partition(name, i, partitionLog));
        }
        return new Topic(name, id, partitions, configs, defaults, isInternal(name));
    }

    private static boolean isInternal(String name) {
        return name.equals("__consumer_offsets") || name.equals("__transaction_state");
    }

    public Topic topic(String name) { return topics.get(name); }

    public Topic topic(Uuid id) {
        for (Topic topic : topics.values()) if (topic.id().equals(id)) return topic;
        return null;
    }

    public Collection<Topic> topics() { return topics.values(); }

    /**
     * Forgets, in every partition, the idempotent producers not heard from in longer than
     * {@link dev.herald.broker.produce.ProducerStates#EXPIRATION_MS}; run periodically by the broker. Returns how
     * many were forgotten.
     */
    public int expireProducers(long nowMs) {
        return partitions().mapToInt(partition -> partition.expireProducers(nowMs)).sum();
    }

    /** Snapshots every partition's producer state, so that the next start replays nothing; at a clean shutdown. */
    public void snapshotProducerStates() {
        partitions().forEach(Partition::snapshotProducerState);
    }

    private Stream<Partition> partitions() {
        return topics.values().stream().flatMap(topic -> topic.partitions().stream());
    }

    /** Checks a topic name as Kafka does; null when legal. */
    public static String validateName(String name) {
        if (name == null || name.isEmpty()) return "Topic name is empty";
        if (name.equals(".") || name.equals("..")) return "Topic name cannot be '.' or '..'";
        if (name.length() > MAX_NAME_LENGTH) return "Topic name is longer than " + MAX_NAME_LENGTH + " characters: " + name;
        for (char c : name.toCharArray()) {
            boolean legal = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-';
            if (!legal) return "Topic name '" + name + "' contains '" + c + "'; legal characters are ASCII letters, digits, '.', '_' and '-'";
        }
        return null;
    }

    /** Validates a creation request without creating anything; null when it would succeed. */
    public synchronized Failure validateCreate(String name, int partitions, Map<String, String> configs) {
        String nameProblem = validateName(name);
        if (nameProblem != null) return new Failure(Errors.INVALID_TOPIC_EXCEPTION, nameProblem);
        if (topics.containsKey(name)) return new Failure(Errors.TOPIC_ALREADY_EXISTS, "Topic '" + name + "' already exists.");
        if (partitions < 1) return new Failure(Errors.INVALID_PARTITIONS, "Number of partitions must be at least 1, got " + partitions);
        if (partitions > 10_000) return new Failure(Errors.INVALID_PARTITIONS, "Number of partitions " + partitions + " is more than Herald allows (10000)");
        for (var config : configs.entrySet()) {
            String problem = TopicConfigs.validate(config.getKey(), config.getValue());
            if (problem != null) return new Failure(Errors.INVALID_CONFIG, problem);
        }
        return null;
    }

    /** Creates a topic; returns null on success or why it failed. */
    public synchronized Failure create(String name, int partitions, Map<String, String> configs) {
        Failure failure = validateCreate(name, partitions, configs);
        if (failure != null) return failure;
        try {
            Uuid id = Uuid.randomUuid();
            Map<String, String> overrides = new TreeMap<>(configs);
            persist(name, id, partitions, overrides);
            topics.put(name, open(name, id, partitions, overrides));
            log.info("Created topic {} with {} partitions {}", name, partitions, overrides);
            return null;
        } catch (IOException e) {
            log.error("Creating topic {} failed", name, e);
            return new Failure(Errors.KAFKA_STORAGE_ERROR, "Could not create topic '" + name + "': " + e.getMessage());
        }
    }

    /** Deletes a topic and all its data; null on success. */
    public synchronized Failure delete(String name) {
        Topic topic = topics.remove(name);
        if (topic == null) return new Failure(Errors.UNKNOWN_TOPIC_OR_PARTITION, "Topic '" + name + "' does not exist");
        try {
            Files.deleteIfExists(metaFile(name));
            for (Partition partition : topic.partitions()) {
                // Under the append lock: no produce is between its append and its producer-state snapshot.
                partition.appendLock().lock();
                try {
                    logs.deleteLog(name, partition.index());
                } finally {
                    partition.appendLock().unlock();
                }
            }
            log.info("Deleted topic {}", name);
            return null;
        } catch (IOException e) {
            log.error("Deleting topic {} failed", name, e);
            return new Failure(Errors.KAFKA_STORAGE_ERROR, "Could not delete all data of topic '" + name + "': " + e.getMessage());
        }
    }

    /** Grows a topic to {@code totalPartitions}; null on success. */
    public synchronized Failure createPartitions(String name, int totalPartitions, boolean validateOnly) {
        Topic topic = topics.get(name);
        if (topic == null) return new Failure(Errors.UNKNOWN_TOPIC_OR_PARTITION, "Topic '" + name + "' does not exist");
        int current = topic.partitions().size();
        if (totalPartitions < current) {
            return new Failure(Errors.INVALID_PARTITIONS, "Topic currently has " + current + " partitions, " + totalPartitions + " would be a decrease which is not supported.");
        }
        if (totalPartitions == current) {
            return new Failure(Errors.INVALID_PARTITIONS, "Topic already has " + current + " partitions.");
        }
        if (validateOnly) return null;
        try {
            persist(name, topic.id(), totalPartitions, topic.configs());
            List<Partition> partitions = new ArrayList<>(topic.partitions());
            var logConfig = TopicConfigs.logConfig(Topic.merged(topic.clusterDefaults(), topic.configs()));
            for (int i = current; i < totalPartitions; i++) partitions.add(new Partition(name, i, logs.openLog(name, i, logConfig)));
            topics.put(name, new Topic(name, topic.id(), partitions, topic.configs(), topic.clusterDefaults(), topic.internal()));
            return null;
        } catch (IOException e) {
            return new Failure(Errors.KAFKA_STORAGE_ERROR, "Could not add partitions to '" + name + "': " + e.getMessage());
        }
    }

    /** Replaces a topic's overrides (validated by the caller) and applies them to its logs; null on success. */
    public synchronized Failure replaceConfigs(String name, Map<String, String> overrides) {
        Topic topic = topics.get(name);
        if (topic == null) return new Failure(Errors.UNKNOWN_TOPIC_OR_PARTITION, "Topic '" + name + "' does not exist");
        try {
            persist(name, topic.id(), topic.partitions().size(), overrides);
            var logConfig = TopicConfigs.logConfig(Topic.merged(topic.clusterDefaults(), overrides));
            for (Partition partition : topic.partitions()) partition.log().updateConfig(logConfig);
            topics.put(name, new Topic(name, topic.id(), topic.partitions(), overrides, topic.clusterDefaults(), topic.internal()));
            return null;
        } catch (IOException e) {
            return new Failure(Errors.KAFKA_STORAGE_ERROR, "Could not store configs of '" + name + "': " + e.getMessage());
        }
    }

    public ClusterDefaults clusterDefaults() { return clusterDefaults; }

    /** Replaces the dynamic broker settings and applies them to every topic that has no override of its own. */
    public synchronized Failure replaceClusterDefaults(Map<String, String> settings) {
        try {
            clusterDefaults.replace(settings);
        } catch (IOException e) {
            return new Failure(Errors.KAFKA_STORAGE_ERROR, "Could not store broker settings: " + e.getMessage());
        }
        Map<String, String> defaults = clusterDefaults.topicDefaults();
        for (Topic topic : List.copyOf(topics.values())) {
            var logConfig = TopicConfigs.logConfig(Topic.merged(defaults, topic.configs()));
            for (Partition partition : topic.partitions()) partition.log().updateConfig(logConfig);
            topics.put(topic.name(), new Topic(topic.name(), topic.id(), topic.partitions(), topic.configs(), defaults, topic.internal()));
        }
        log.info("Broker settings now {}", settings);
        return null;
    }

    private void persist(String name, Uuid id, int partitions, Map<String, String> configs) throws IOException {
        Map<String, String> entries = new HashMap<>(); // MetadataFile sorts the lines
        entries.put("name", name);
        entries.put("id", id.toString());
        entries.put("partitions", Integer.toString(partitions));
        configs.forEach((key, value) -> entries.put("config." + key, value));
        // The write also syncs metaDirectory, which makes the new file's name durable.
        MetadataFile.write(metaFile(name), "Herald topic metadata", entries);
    }

    private Path metaFile(String name) {
        return metaDirectory.resolve(name + ".properties");
    }
}
