package dev.herald.broker.topic;

import dev.herald.storage.log.LogConfig;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The topic settings Herald knows, with Kafka's names and defaults, their validation, and the translation to the
 * log engine's {@link LogConfig}. DescribeConfigs lists every one of them with its default, as Kafka does and as
 * tools expect. Settings that only matter to a replicated cluster are accepted and reported but have no effect on
 * a single node; {@link #ENFORCED} says which ones Herald acts on.
 *
 * <p>Threading: immutable, shared.
 */
public final class TopicConfigs {
    private TopicConfigs() { }

    /** A known setting: its default and what values it accepts. */
    record Definition(String name, String defaultValue, String expected, Predicate<String> valid) { }

    private static final Map<String, Definition> DEFINITIONS = new LinkedHashMap<>();

    public static final String CLEANUP_POLICY = "cleanup.policy";
    public static final String RETENTION_MS = "retention.ms";
    public static final String RETENTION_BYTES = "retention.bytes";
    public static final String SEGMENT_BYTES = "segment.bytes";
    public static final String SEGMENT_MS = "segment.ms";
    public static final String DELETE_RETENTION_MS = "delete.retention.ms";
    public static final String MAX_MESSAGE_BYTES = "max.message.bytes";
    public static final String TIMESTAMP_TYPE = "message.timestamp.type";
    public static final String TIMESTAMP_BEFORE_MAX_MS = "message.timestamp.before.max.ms";
    public static final String TIMESTAMP_AFTER_MAX_MS = "message.timestamp.after.max.ms";
    public static final String INDEX_INTERVAL_BYTES = "index.interval.bytes";
    public static final String COMPRESSION_TYPE = "compression.type";
    public static final String VALUE_SCHEMA_VALIDATION = "confluent.value.schema.validation";
    public static final String KEY_SCHEMA_VALIDATION = "confluent.key.schema.validation";

    /** Settings Herald's single-node broker acts on; the rest are stored and reported only. */
    public static final Set<String> ENFORCED = Set.of(CLEANUP_POLICY, RETENTION_MS, RETENTION_BYTES, SEGMENT_BYTES,
            SEGMENT_MS, DELETE_RETENTION_MS, MAX_MESSAGE_BYTES, TIMESTAMP_TYPE, TIMESTAMP_BEFORE_MAX_MS,
            TIMESTAMP_AFTER_MAX_MS, INDEX_INTERVAL_BYTES, COMPRESSION_TYPE, VALUE_SCHEMA_VALIDATION, KEY_SCHEMA_VALIDATION);

    static {
        define(CLEANUP_POLICY, "delete", "a list of 'delete' and/or 'compact'", TopicConfigs::validCleanupPolicy);
        define(RETENTION_MS, "604800000", "a number of milliseconds, -1 for no limit", v -> isLong(v, -1));
        define(RETENTION_BYTES, "-1", "a number of bytes, -1 for no limit", v -> isLong(v, -1));
        define(SEGMENT_BYTES, "1073741824", "a number of bytes of at least 1024", v -> isInt(v, 1024));
        define(SEGMENT_MS, "604800000", "a positive number of milliseconds", v -> isLong(v, 1));
        define(DELETE_RETENTION_MS, "86400000", "a number of milliseconds, 0 or more", v -> isLong(v, 0));
        define(MAX_MESSAGE_BYTES, "1048588", "a number of bytes, 0 or more", v -> isInt(v, 0));
        define(TIMESTAMP_TYPE, "CreateTime", "CreateTime or LogAppendTime", v -> v.equals("CreateTime") || v.equals("LogAppendTime"));
        define(TIMESTAMP_BEFORE_MAX_MS, "9223372036854775807", "a number of milliseconds, 0 or more", v -> isLong(v, 0));
        define(TIMESTAMP_AFTER_MAX_MS, "3600000", "a number of milliseconds, 0 or more", v -> isLong(v, 0));
        define(INDEX_INTERVAL_BYTES, "4096", "a number of bytes, 0 or more", v -> isInt(v, 0));
        define(COMPRESSION_TYPE, "producer", "'producer' (Herald stores batches exactly as produced)", v -> v.equals("producer"));
        // Broker-side schema validation, under Confluent Server's names: records must carry a schema id registered
        // for the topic's subject and match that schema.
        define(VALUE_SCHEMA_VALIDATION, "false", "true or false", TopicConfigs::isBoolean);
        define(KEY_SCHEMA_VALIDATION, "false", "true or false", TopicConfigs::isBoolean);
        // Accepted for compatibility with tools and clients; no effect on a single node.
        define("min.insync.replicas", "1", "a positive number", v -> isInt(v, 1));
        define("unclean.leader.election.enable", "false", "true or false", TopicConfigs::isBoolean);
        define("min.compaction.lag.ms", "0", "a number of milliseconds, 0 or more", v -> isLong(v, 0));
        define("max.compaction.lag.ms", "9223372036854775807", "a positive number of milliseconds", v -> isLong(v, 1));
        define("min.cleanable.dirty.ratio", "0.5", "a ratio between 0 and 1", TopicConfigs::isRatio);
        define("flush.messages", "9223372036854775807", "a positive number", v -> isLong(v, 1));
        define("flush.ms", "9223372036854775807", "a number of milliseconds, 0 or more", v -> isLong(v, 0));
        define("segment.index.bytes", "10485760", "a number of bytes", v -> isInt(v, 4));
        define("segment.jitter.ms", "0", "a number of milliseconds, 0 or more", v -> isLong(v, 0));
        define("file.delete.delay.ms", "60000", "a number of milliseconds, 0 or more", v -> isLong(v, 0));
        define("preallocate", "false", "true or false", TopicConfigs::isBoolean);
        define("local.retention.ms", "-2", "a number of milliseconds", v -> isLong(v, -2));
        define("local.retention.bytes", "-2", "a number of bytes", v -> isLong(v, -2));
        define("remote.storage.enable", "false", "false (Herald has no tiered storage)", v -> v.equals("false"));
    }

    private static void define(String name, String defaultValue, String expected, Predicate<String> valid) {
        DEFINITIONS.put(name, new Definition(name, defaultValue, expected, valid));
    }

    /** Every known setting with its default, in a stable order. */
    public static Map<String, String> defaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        DEFINITIONS.values().forEach(d -> defaults.put(d.name(), d.defaultValue()));
        return defaults;
    }

    public static boolean isKnown(String name) { return DEFINITIONS.containsKey(name); }

    /**
     * Checks one setting; returns null when acceptable, otherwise a message for INVALID_CONFIG that names the
     * setting, the value, and what is expected.
     */
    public static String validate(String name, String value) {
        Definition definition = DEFINITIONS.get(name);
        if (definition == null) return "Unknown topic config name: " + name;
        if (value == null) return null;
        if (!definition.valid().test(value.trim())) {
            return "Invalid value " + value + " for configuration " + name + ": expected " + definition.expected();
        }
        return null;
    }

    /** Effective value: the override if set, else the default. */
    public static String effective(Map<String, String> overrides, String name) {
        String value = overrides.get(name);
        return value != null ? value.trim() : DEFINITIONS.get(name).defaultValue();
    }

    /** Translates a topic's overrides to the log engine's settings. */
    public static LogConfig logConfig(Map<String, String> overrides) {
        EnumSet<LogConfig.CleanupPolicy> policy = EnumSet.noneOf(LogConfig.CleanupPolicy.class);
        for (String part : effective(overrides, CLEANUP_POLICY).split(",")) {
            policy.add(LogConfig.CleanupPolicy.valueOf(part.trim().toUpperCase(Locale.ROOT)));
        }
        return new LogConfig(
                Integer.parseInt(effective(overrides, SEGMENT_BYTES)),
                Long.parseLong(effective(overrides, SEGMENT_MS)),
                Long.parseLong(effective(overrides, RETENTION_MS)),
                Long.parseLong(effective(overrides, RETENTION_BYTES)),
                policy,
                Long.parseLong(effective(overrides, DELETE_RETENTION_MS)),
                Integer.parseInt(effective(overrides, INDEX_INTERVAL_BYTES)));
    }

    private static boolean validCleanupPolicy(String value) {
        if (value.isBlank()) return false;
        for (String part : value.split(",")) {
            String policy = part.trim();
            if (!policy.equals("delete") && !policy.equals("compact")) return false;
        }
        return true;
    }

    private static boolean isLong(String value, long min) {
        try {
            return Long.parseLong(value) >= min;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean isInt(String value, int min) {
        try {
            return Integer.parseInt(value) >= min;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean isBoolean(String value) {
        return value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false");
    }

    private static boolean isRatio(String value) {
        try {
            double ratio = Double.parseDouble(value);
            return ratio >= 0 && ratio <= 1;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
