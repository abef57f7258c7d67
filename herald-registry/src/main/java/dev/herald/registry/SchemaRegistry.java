package dev.herald.registry;

import dev.herald.registry.format.SchemaFormats;
import dev.herald.registry.http.RegistryHttpServer;
import dev.herald.registry.store.KafkaSchemaLog;
import dev.herald.registry.store.RegistryState;
import dev.herald.registry.store.SchemaLog;
import dev.herald.registry.store.StoreException;
import dev.herald.registry.subject.Operations;
import dev.herald.registry.validation.PayloadValidator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * A running schema registry: the Confluent Schema Registry REST API on {@code host:port}, its state rebuilt
 * from (and written to) the compacted {@code _schemas} topic of a Kafka-protocol cluster.
 *
 * <pre>{@code
 * try (SchemaRegistry registry = SchemaRegistry.start(RegistryConfig.of("127.0.0.1:9092", "127.0.0.1", 8081))) {
 *     registry.awaitReady(Duration.ofSeconds(30));   // optional: requests wait for it anyway
 *     ... registry.port() ...
 * }
 * }</pre>
 *
 * <p>Start-up: {@link #start} binds the port and returns at once; connecting to the cluster and replaying the
 * topic happen on the {@code herald-registry-start} thread, and requests that arrive meanwhile wait for them
 * (up to 30 s, then 50002). {@link #awaitReady} waits for the replay and reports a failure to start.
 *
 * <p>Threading: all methods may be called from any thread; {@link #close} once.
 */
public final class SchemaRegistry implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaRegistry.class);

    private final RegistryHttpServer server;
    private final CompletableFuture<Loaded> loaded;
    private final Object lifecycle = new Object();
    private SchemaLog log;
    private boolean closed;
    private Thread starter;

    /** What exists once the log has been replayed. */
    private record Loaded(Operations operations, PayloadValidator validator) {
    }

    private SchemaRegistry(RegistryHttpServer server, CompletableFuture<Loaded> loaded) {
        this.server = server;
        this.loaded = loaded;
    }

    /** Starts against the Kafka cluster at {@code config.bootstrapServers()}. */
    public static SchemaRegistry start(RegistryConfig config) {
        if (config.bootstrapServers() == null || config.bootstrapServers().isBlank()) {
            throw new IllegalArgumentException("RegistryConfig.bootstrapServers is empty: give the Kafka cluster "
                    + "holding the " + config.topic() + " topic, e.g. 127.0.0.1:9092");
        }
        return start(config, () -> new KafkaSchemaLog(config.bootstrapServers(), config.topic(),
                config.kafkaClientProperties()));
    }

    /** Starts on a given log (an in-memory one in tests); the registry closes it on {@link #close}. */
    public static SchemaRegistry start(RegistryConfig config, SchemaLog log) {
        return start(config, () -> log);
    }

    private static SchemaRegistry start(RegistryConfig config, Supplier<SchemaLog> logFactory) {
        CompletableFuture<Loaded> loaded = new CompletableFuture<>();
        RegistryHttpServer server;
        try {
            server = RegistryHttpServer.start(config.host(), config.port(), loaded.thenApply(Loaded::operations));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot listen on " + config.host() + ":" + config.port()
                    + " for the schema registry (" + e.getMessage() + "). Pick another --registry-port.", e);
        }
        SchemaRegistry registry = new SchemaRegistry(server, loaded);
        synchronized (registry.lifecycle) {
            registry.starter = Thread.ofPlatform().name("herald-registry-start").daemon().start(() -> registry.load(config, logFactory));
        }
        return registry;
    }

    private void load(RegistryConfig config, Supplier<SchemaLog> logFactory) {
        try {
            SchemaLog created = logFactory.get();
            synchronized (lifecycle) {
                if (closed) {
                    created.close();
                    return;
                }
                log = created;
            }
            RegistryState state = new RegistryState();
            created.start(state::apply);
            Operations operations = Operations.create(state, created, formats(), config.defaultNaming());
            loaded.complete(new Loaded(operations, new PayloadValidator(operations)));
        } catch (RuntimeException | Error e) {
            if (isClosed()) {
                LOG.debug("Schema registry stopped while starting: {}", e.toString());
                loaded.completeExceptionally(new StoreException("Schema registry was stopped while starting", false, e));
            } else {
                LOG.error("Schema registry could not start on {}: {}", config.bootstrapServers(), e.toString());
                loaded.completeExceptionally(e);
            }
        }
    }

    private boolean isClosed() {
        synchronized (lifecycle) {
            return closed;
        }
    }

    static SchemaFormats formats() {
        return SchemaRegistryFormats.all();
    }

    /**
     * Waits until the {@code _schemas} topic has been replayed; throws {@link StoreException} when the registry
     * could not start (unreachable cluster, topic not compacted) or did not finish within {@code timeout}.
     */
    public SchemaRegistry awaitReady(Duration timeout) {
        loaded(timeout);
        return this;
    }

    private Loaded loaded(Duration timeout) {
        try {
            return loaded.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof StoreException store ? store
                    : new StoreException("Schema registry failed to start: " + e.getCause(), false, e.getCause());
        } catch (TimeoutException e) {
            throw new StoreException("Schema registry not ready after " + timeout.toMillis() + " ms", true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("Interrupted while waiting for the schema registry", false, e);
        }
    }

    /** Broker-side validation of produced records against this registry (waits for readiness, see {@link PayloadValidator}). */
    public PayloadValidator payloadValidator() {
        return loaded(Duration.ofSeconds(30)).validator();
    }

    /** The port the REST API listens on (useful when started with port 0). */
    public int port() {
        return server.port();
    }

    /**
     * Stops the REST API and the log. A registry still starting is interrupted and waited for first, so that its
     * Kafka clients (admin, consumer) are not left retrying against a cluster that may be stopping too, and the log
     * is never closed while the start-up thread still uses it.
     */
    @Override
    public void close() {
        server.close();
        Thread starting;
        synchronized (lifecycle) {
            closed = true;
            starting = starter;
        }
        if (starting != null && !loaded.isDone()) {
            starting.interrupt();
            try {
                starting.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (lifecycle) {
            if (log != null) {
                log.close();
            }
        }
    }
}
