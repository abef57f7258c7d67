package dev.herald.server;

import dev.herald.registry.RegistryConfig;
import dev.herald.registry.SchemaRegistry;
import dev.herald.registry.naming.NamingPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code herald registry}: runs only the schema registry, storing schemas in the {@code _schemas} topic of any
 * Kafka-protocol cluster (Herald or Apache Kafka), until SIGTERM/SIGINT.
 */
@Command(name = "registry", mixinStandardHelpOptions = true,
        description = "Run the schema registry (Confluent REST API) against any Kafka-protocol cluster.")
final class RegistryCommand implements Callable<Integer> {
    @Option(names = "--bootstrap", description = "Kafka bootstrap servers holding the _schemas topic (default: ${DEFAULT-VALUE}).",
            defaultValue = "127.0.0.1:9092")
    String bootstrap;
    @Option(names = "--host", description = "Address to listen on (default: ${DEFAULT-VALUE}).", defaultValue = "127.0.0.1")
    String host;
    @Option(names = "--port", description = "REST port (default: ${DEFAULT-VALUE}).", defaultValue = "8081")
    int port;
    @Option(names = "--topic", description = "Compacted topic storing the schemas (default: ${DEFAULT-VALUE}).",
            defaultValue = RegistryConfig.DEFAULT_TOPIC)
    String topic;
    @Option(names = "--event-naming", description = "Default event-naming check: off, warn or reject (default: ${DEFAULT-VALUE}).",
            defaultValue = "off")
    String eventNaming;

    @Override
    public Integer call() throws InterruptedException {
        NamingPolicy naming = NamingPolicy.fromName(eventNaming).orElse(null);
        if (naming == null) {
            System.err.println("herald registry: --event-naming must be off, warn or reject, not '" + eventNaming + "'");
            return 2;
        }
        long started = System.nanoTime();
        SchemaRegistry registry = SchemaRegistry.start(new RegistryConfig(bootstrap, host, port, topic, naming, Map.of()));
        try {
            registry.awaitReady(Duration.ofSeconds(60));
        } catch (RuntimeException e) {
            System.err.println("herald registry: " + e.getMessage());
            registry.close();
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            registry.close();
            stopped.countDown();
        }, "herald-registry-shutdown"));
        System.out.printf("herald registry ready in %d ms: http://%s:%d, schemas in topic %s on %s%n",
                (System.nanoTime() - started) / 1_000_000, host, registry.port(), topic, bootstrap);
        System.out.flush();
        stopped.await();
        return 0;
    }
}
