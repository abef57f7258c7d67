package dev.herald.testkit;

import dev.herald.broker.Broker;
import dev.herald.broker.BrokerConfig;
import dev.herald.broker.metrics.BrokerMetrics;
import dev.herald.broker.produce.RecordValidator;
import dev.herald.registry.RegistryConfig;
import dev.herald.registry.SchemaRegistry;
import dev.herald.registry.validation.PayloadValidator;
import dev.herald.storage.durability.FsyncPolicy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * A whole Herald in this JVM: the Kafka-protocol broker and the schema registry, on free loopback ports, over a
 * temporary data directory that {@link #close} deletes. Starts in milliseconds, so tests can afford a fresh one.
 *
 * <pre>{@code
 * try (EmbeddedHerald herald = EmbeddedHerald.start()) {
 *     producerConfig.put("bootstrap.servers", herald.bootstrapServers());
 *     serdeConfig.put("schema.registry.url", herald.registryUrl());
 * }
 * }</pre>
 *
 * <p>Thread-safe; close once.
 */
public final class EmbeddedHerald implements KafkaTarget, AutoCloseable {
    private final Path dataDirectory;
    private final boolean deleteOnClose;
    private final Broker broker;
    private final SchemaRegistry registry;
    private boolean closed;

    private EmbeddedHerald(Path dataDirectory, boolean deleteOnClose, Broker broker, SchemaRegistry registry) {
        this.dataDirectory = dataDirectory;
        this.deleteOnClose = deleteOnClose;
        this.broker = broker;
        this.registry = registry;
    }

    /** Starts Herald in a new temporary directory with test-friendly settings (no initial rebalance delay). */
    public static EmbeddedHerald start() {
        try {
            Path directory = Files.createTempDirectory("herald-test-");
            return start(BrokerConfig.defaults(directory).withPort(0).withGroupInitialRebalanceDelayMs(0)
                    .withFsyncPolicy(new FsyncPolicy.Always()), true);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a data directory for Herald", e);
        }
    }

    /** Starts Herald with the given broker settings; {@code deleteOnClose} removes the data directory on close. */
    public static EmbeddedHerald start(BrokerConfig config, boolean deleteOnClose) {
        AtomicReference<RecordValidator> validator = new AtomicReference<>(RecordValidator.NONE);
        Broker broker;
        try {
            broker = Broker.start(config, BrokerMetrics.discarding(),
                    (topic, key, payload) -> validator.get().problem(topic, key, payload), List.of());
        } catch (IOException e) {
            throw new UncheckedIOException("Herald could not start in " + config.dataDirectory(), e);
        }
        SchemaRegistry registry = SchemaRegistry.start(RegistryConfig.of(broker.bootstrapServers(), config.host(), 0));
        PayloadValidator payloads = registry.payloadValidator();
        validator.set((topic, key, payload) -> payloads.validate(topic, key, payload) instanceof PayloadValidator.Verdict.Invalid invalid
                ? invalid.reason() : null);
        return new EmbeddedHerald(config.dataDirectory(), deleteOnClose, broker, registry);
    }

    @Override
    public String name() { return KafkaTargets.HERALD; }

    @Override
    public String bootstrapServers() { return broker.bootstrapServers(); }

    /** The schema registry's base URL, for {@code schema.registry.url}. */
    public String registryUrl() { return "http://" + broker.config().host() + ":" + registry.port(); }

    /** The broker itself, for tests that look inside (topics, logs, groups). */
    public Broker broker() { return broker; }

    public SchemaRegistry registry() { return registry; }

    public Path dataDirectory() { return dataDirectory; }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        try {
            registry.close();
            broker.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Herald did not stop cleanly", e);
        } finally {
            if (deleteOnClose) deleteRecursively(dataDirectory);
        }
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete Herald's data directory " + directory, e);
        }
    }

    @Override
    public String toString() {
        return "Herald at " + bootstrapServers() + " (registry " + registryUrl() + ", data " + dataDirectory + ")";
    }
}
