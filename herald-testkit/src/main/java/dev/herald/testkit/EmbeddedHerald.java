package dev.herald.testkit;

import dev.herald.broker.Broker;
import dev.herald.broker.BrokerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Herald's broker in this JVM on a free 127.0.0.1 port, with its data in a fresh temporary folder that
 * {@link #close()} deletes. Starts in milliseconds. Thread-safe.
 */
public final class EmbeddedHerald implements KafkaTarget, AutoCloseable {

    private final Path directory;
    private final Broker broker;

    private EmbeddedHerald(Path directory, Broker broker) {
        this.directory = directory;
        this.broker = broker;
    }

    public static EmbeddedHerald start() {
        try {
            Path directory = Files.createTempDirectory("herald-embedded-");
            Broker broker = Broker.start(BrokerConfig.defaults(directory).withPort(0).withGroupInitialRebalanceDelayMs(0));
            return new EmbeddedHerald(directory, broker);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start Herald", e);
        }
    }

    public Broker broker() {
        return broker;
    }

    @Override
    public String name() {
        return KafkaTargets.HERALD;
    }

    @Override
    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    @Override
    public void close() {
        try {
            broker.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            ApacheKafkaBroker.deleteRecursively(directory);
        }
    }
}
