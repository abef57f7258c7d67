package dev.herald.broker.topic;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Broker settings that can be changed at run time with AlterConfigs / IncrementalAlterConfigs on the BROKER
 * resource (as {@code kafka-configs --entity-type brokers --entity-default --alter} does): the defaults of topic
 * settings under Kafka's broker names ({@code log.retention.ms} for {@code retention.ms}, ...), the partition
 * count of new topics and topic auto-creation. Topics without their own override follow these at once. Kept in
 * {@code DATA_DIR/herald-meta/broker.properties} so they survive restarts.
 *
 * <p>Threading: reads are lock-free (an immutable map behind a volatile); changes are serialized on this object.
 */
public final class ClusterDefaults {
    public static final String NUM_PARTITIONS = "num.partitions";
    public static final String AUTO_CREATE_TOPICS = "auto.create.topics.enable";

    /** Kafka broker setting and the topic setting it is the default of. */
    public static final Map<String, String> TOPIC_SETTINGS;

    static {
        Map<String, String> names = new LinkedHashMap<>();
        names.put("log.retention.ms", TopicConfigs.RETENTION_MS);
        names.put("log.retention.bytes", TopicConfigs.RETENTION_BYTES);
        names.put("log.segment.bytes", TopicConfigs.SEGMENT_BYTES);
        names.put("log.roll.ms", TopicConfigs.SEGMENT_MS);
        names.put("log.cleanup.policy", TopicConfigs.CLEANUP_POLICY);
        names.put("log.cleaner.delete.retention.ms", TopicConfigs.DELETE_RETENTION_MS);
        names.put("log.index.interval.bytes", TopicConfigs.INDEX_INTERVAL_BYTES);
        names.put("log.message.timestamp.type", TopicConfigs.TIMESTAMP_TYPE);
        names.put("message.max.bytes", TopicConfigs.MAX_MESSAGE_BYTES);
        TOPIC_SETTINGS = Map.copyOf(names);
    }

    private final Path file;
    private final int flagPartitions;
    private final boolean flagAutoCreate;
    private volatile Map<String, String> values;

    /** Loads the stored settings; {@code partitions} and {@code autoCreate} are the start-up values (flags). */
    public ClusterDefaults(Path metaDirectory, int partitions, boolean autoCreate) throws IOException {
        Files.createDirectories(metaDirectory);
        this.file = metaDirectory.resolve("broker.properties");
        this.flagPartitions = partitions;
        this.flagAutoCreate = autoCreate;
        this.values = Files.exists(file) ? Map.copyOf(MetadataFile.read(file)) : Map.of();
    }

    public static boolean isDynamic(String name) {
        return TOPIC_SETTINGS.containsKey(name) || name.equals(NUM_PARTITIONS) || name.equals(AUTO_CREATE_TOPICS);
    }

    /** Null when {@code value} is acceptable for {@code name}, else a message for INVALID_CONFIG. */
    public static String validate(String name, String value) {
        if (!isDynamic(name)) {
            return "Broker setting " + name + " cannot be changed at run time; dynamic ones are "
                    + NUM_PARTITIONS + ", " + AUTO_CREATE_TOPICS + " and " + String.join(", ", new TreeMap<>(TOPIC_SETTINGS).keySet());
        }
        if (value == null) return null;
        if (name.equals(NUM_PARTITIONS)) {
            try {
                if (Integer.parseInt(value.trim()) >= 1) return null;
            } catch (NumberFormatException e) {
                // fall through to the message
            }
            return "Invalid value " + value + " for configuration " + NUM_PARTITIONS + ": expected a number of at least 1";
        }
        if (name.equals(AUTO_CREATE_TOPICS)) {
            return value.trim().equalsIgnoreCase("true") || value.trim().equalsIgnoreCase("false") ? null
                    : "Invalid value " + value + " for configuration " + AUTO_CREATE_TOPICS + ": expected true or false";
        }
        String problem = TopicConfigs.validate(TOPIC_SETTINGS.get(name), value);
        return problem == null ? null : problem.replace("configuration " + TOPIC_SETTINGS.get(name), "configuration " + name);
    }

    /** The dynamic settings currently set, by Kafka broker name. */
    public Map<String, String> values() { return values; }

    /** Replaces the dynamic settings (validated by the caller) and stores them durably. */
    public synchronized void replace(Map<String, String> newValues) throws IOException {
        MetadataFile.write(file, "Herald dynamic broker settings", newValues);
        values = Map.copyOf(new TreeMap<>(newValues));
    }

    /** The topic-setting defaults these provide, by topic setting name. */
    public Map<String, String> topicDefaults() {
        Map<String, String> defaults = new TreeMap<>();
        values.forEach((name, value) -> {
            String topicName = TOPIC_SETTINGS.get(name);
            if (topicName != null) defaults.put(topicName, value);
        });
        return defaults;
    }

    public int defaultPartitions() {
        String value = values.get(NUM_PARTITIONS);
        return value == null ? flagPartitions : Integer.parseInt(value.trim());
    }

    public boolean autoCreateTopics() {
        String value = values.get(AUTO_CREATE_TOPICS);
        return value == null ? flagAutoCreate : Boolean.parseBoolean(value.trim());
    }
}
