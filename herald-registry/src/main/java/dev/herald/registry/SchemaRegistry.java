package dev.herald.registry;

import dev.herald.registry.compatibility.avro.AvroFormat;
import dev.herald.registry.compatibility.json.JsonSchemaFormat;
import dev.herald.registry.compatibility.protobuf.ProtobufFormat;
import dev.herald.registry.format.SchemaFormats;
import dev.herald.registry.http.RegistryHttpServer;
import dev.herald.registry.store.KafkaSchemaLog;
import dev.herald.registry.store.RegistryState;
import dev.herald.registry.store.SchemaLog;
import dev.herald.registry.subject.Operations;
import dev.herald.registry.validation.PayloadValidator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * A running schema registry: the Confluent Schema Registry REST API on {@code host:port}, its state rebuilt
 * from (and written to) the compacted {@code _schemas} topic of a Kafka-protocol cluster.
 *
 * <pre>{@code
 * try (SchemaRegistry registry = SchemaRegistry.start(RegistryConfig.of("127.0.0.1:9092", "127.0.0.1", 8081))) {
 *     ... registry.port() ...
 * }
 * }</pre>
 *
 * <p>Threading: {@link #start} returns once the whole log has been replayed and the port accepts
 * connections; {@link #close} may be called from any thread, once.
 */
public final class SchemaRegistry implements AutoCloseable {
    private final SchemaLog log;
    private final RegistryHttpServer server;
    private final PayloadValidator validator;

    private SchemaRegistry(SchemaLog log, RegistryHttpServer server, Operations operations) {
        this.log = log;
        this.server = server;
        this.validator = new PayloadValidator(operations);
    }

    /** Starts against the Kafka cluster at {@code config.bootstrapServers()}. */
    public static SchemaRegistry start(RegistryConfig config) {
        return start(config, new KafkaSchemaLog(config.bootstrapServers(), config.topic(), config.kafkaClientProperties()));
    }

    /** Starts on a given log (an in-memory one in tests); the registry closes it on {@link #close}. */
    public static SchemaRegistry start(RegistryConfig config, SchemaLog log) {
        RegistryState state = new RegistryState();
        try {
            log.start(state::apply);
            Operations operations = Operations.create(state, log, formats(), config.defaultNaming());
            return new SchemaRegistry(log, RegistryHttpServer.start(config.host(), config.port(), operations), operations);
        } catch (IOException e) {
            log.close();
            throw new UncheckedIOException("Cannot listen on " + config.host() + ":" + config.port()
                    + " for the schema registry (" + e.getMessage() + "). Pick another --registry-port.", e);
        } catch (RuntimeException e) {
            log.close();
            throw e;
        }
    }

    static SchemaFormats formats() {
        return new SchemaFormats(List.of(new JsonSchemaFormat(), new ProtobufFormat(), new AvroFormat()));
    }

    /** Broker-side validation of produced records against this registry (see {@link PayloadValidator}). */
    public PayloadValidator payloadValidator() {
        return validator;
    }

    /** The port the REST API listens on (useful when started with port 0). */
    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
        log.close();
    }
}
