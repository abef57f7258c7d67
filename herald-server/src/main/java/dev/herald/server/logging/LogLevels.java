package dev.herald.server.logging;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * The least severe level each logger writes: the setting for the logger's own name or its nearest dotted prefix,
 * else the root level. Set with system properties ({@code HERALD_JAVA_OPTS} for {@code ./herald}):
 * <pre>
 *   -Dherald.log.level=debug                          every logger without a setting of its own
 *   -Dherald.log.level.dev.herald.broker.group=trace  that logger and those below it
 *   -Dherald.log.level.org.apache.kafka=info          the built-in quiet default is warn
 * </pre>
 * Levels are {@code trace}, {@code debug}, {@code info}, {@code warn}, {@code error} and {@code off}, in any case.
 * Immutable; read once when SLF4J starts.
 */
final class LogLevels {
    static final String ROOT_PROPERTY = "herald.log.level";
    static final String LOGGER_PROPERTY_PREFIX = ROOT_PROPERTY + ".";

    /** Thresholds on SLF4J's scale ({@code Level.toInt()}): a logger writes events at or above its threshold. */
    static final int TRACE = 0, DEBUG = 10, INFO = 20, WARN = 30, ERROR = 40, OFF = Integer.MAX_VALUE;

    private final int root;
    private final Map<String, Integer> byName;

    private LogLevels(int root, Map<String, Integer> byName) {
        this.root = root;
        this.byName = Map.copyOf(byName);
    }

    /**
     * Herald's defaults overridden by {@code properties}. A setting that names no level is reported to
     * {@code problems} and ignored, so a typo costs a line on stderr, never the log.
     */
    static LogLevels from(Properties properties, Consumer<String> problems) {
        Map<String, Integer> byName = new HashMap<>();
        // kafka-clients logs every client's configuration and each connection at info; the registry's clients of
        // this broker would fill the log at every start.
        byName.put("org.apache.kafka", WARN);
        // serve adds Prometheus to its composite registry after the broker registered its meters, on purpose (see
        // ServeCommand); Micrometer warns about that at every start.
        byName.put("io.micrometer.core.instrument.composite.CompositeMeterRegistry", ERROR);
        int root = INFO;
        for (String key : properties.stringPropertyNames()) {
            if (!key.equals(ROOT_PROPERTY) && !key.startsWith(LOGGER_PROPERTY_PREFIX)) continue;
            String value = properties.getProperty(key);
            Integer level = parse(value);
            if (level == null) {
                problems.accept("herald: ignoring -D" + key + "=" + value
                        + ": the level must be one of trace, debug, info, warn, error, off");
            } else if (key.equals(ROOT_PROPERTY)) {
                root = level;
            } else {
                byName.put(key.substring(LOGGER_PROPERTY_PREFIX.length()), level);
            }
        }
        return new LogLevels(root, byName);
    }

    /** The threshold of the logger called {@code name} (a class name, usually). */
    int thresholdOf(String name) {
        String prefix = name;
        while (true) {
            Integer level = byName.get(prefix);
            if (level != null) return level;
            int dot = prefix.lastIndexOf('.');
            if (dot < 0) return root;
            prefix = prefix.substring(0, dot);
        }
    }

    private static Integer parse(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "trace" -> TRACE;
            case "debug" -> DEBUG;
            case "info" -> INFO;
            case "warn", "warning" -> WARN;
            case "error" -> ERROR;
            case "off" -> OFF;
            default -> null;
        };
    }
}
