package dev.herald.server;

import com.sun.net.httpserver.HttpServer;
import dev.herald.broker.Broker;
import dev.herald.broker.BrokerConfig;
import dev.herald.broker.metrics.BrokerMetrics;
import dev.herald.broker.metrics.GroupLagMetrics;
import dev.herald.broker.produce.RecordValidator;
import dev.herald.broker.topic.TopicConfigs;
import dev.herald.registry.RegistryConfig;
import dev.herald.registry.SchemaRegistry;
import dev.herald.registry.validation.PayloadValidator;
import dev.herald.storage.durability.FsyncPolicy;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.common.protocol.ApiKeys;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.Executors;

/**
 * {@code herald serve}: runs the Kafka-protocol broker, the schema registry port and the HTTP port in this process,
 * prints a line containing {@code ready} once all of them accept connections, and stops cleanly on SIGTERM/SIGINT
 * (the broker flushes and writes its clean-shutdown marker).
 */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run Herald: Kafka broker, schema registry and HTTP port.")
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--data-dir", description = "Where the log and metadata live (default: ${DEFAULT-VALUE}).", defaultValue = "herald-data")
    Path dataDir;
    @Option(names = "--host", description = "Address to listen on and advertise (default: ${DEFAULT-VALUE}).", defaultValue = "127.0.0.1")
    String host;
    @Option(names = "--kafka-port", description = "Kafka protocol port (default: ${DEFAULT-VALUE}).", defaultValue = "9092")
    int kafkaPort;
    @Option(names = "--registry-port", description = "Schema registry port (default: ${DEFAULT-VALUE}).", defaultValue = "8081")
    int registryPort;
    @Option(names = "--http-port", description = "HTTP port: health and metrics (default: ${DEFAULT-VALUE}).", defaultValue = "8080")
    int httpPort;
    @Option(names = "--fsync", description = "Durability policy: 'always' (fsync with group commit before acknowledging; default) or 'interval:MS'.",
            defaultValue = "always")
    String fsync;
    @Option(names = "--partitions", description = "Partitions of auto-created topics (num.partitions, default: ${DEFAULT-VALUE}).", defaultValue = "1")
    int partitions;
    @Option(names = "--no-auto-create-topics", description = "Do not create unknown topics on first use.")
    boolean noAutoCreate;
    @Option(names = "--group-initial-rebalance-delay-ms", defaultValue = "3000",
            description = "How long a new consumer group waits for more members before its first rebalance "
                    + "(group.initial.rebalance.delay.ms, default: ${DEFAULT-VALUE}; 0 suits tests and development).")
    long groupInitialRebalanceDelayMs;

    /**
     * Starts, on a thread of its own, the one-time set-up that dominates the start of {@code serve}, so that it runs
     * while the main thread is still parsing the command line (picocli's reflection over the options), in the order
     * the start needs it: the logging and metrics facades look up their providers, a new data folder's cluster id
     * seeds {@link SecureRandom} and its metadata files' date comments load the time-zone names, kafka-clients
     * builds the schema of every protocol message when {@link ApiKeys} is first used, and the topic settings link a
     * lambda per setting. All of it is class initialization or a JDK cache filled once, both thread-safe: a thread
     * that needs a class being initialized on the other waits for it, so nothing is set up twice or seen half-done.
     */
    static void prepareAhead() {
        Thread.ofPlatform().daemon().name("herald-prepare").start(() -> {
            try {
                MethodHandles.Lookup lookup = MethodHandles.lookup();
                LoggerFactory.getILoggerFactory();
                lookup.ensureInitialized(MeterRegistry.class);
                UUID.randomUUID();
                new Date().toString();
                lookup.ensureInitialized(ApiKeys.class);
                lookup.ensureInitialized(TopicConfigs.class);
            } catch (IllegalAccessException e) {
                throw new AssertionError("public classes", e);
            }
        });
    }

    @Override
    public Integer call() throws Exception {
        long started = System.nanoTime();
        BrokerConfig config = BrokerConfig.defaults(dataDir)
                .withHost(host).withPort(kafkaPort)
                .withFsyncPolicy(parseFsync(fsync))
                .withDefaultPartitions(partitions)
                .withAutoCreateTopics(!noAutoCreate)
                .withGroupInitialRebalanceDelayMs(groupInitialRebalanceDelayMs);
        // Prometheus and the JVM binders take a few hundred ms to set up: build them beside the broker's start.
        // Meters registered in the composite before Prometheus joins it are copied into Prometheus when it does.
        CompositeMeterRegistry meters = new CompositeMeterRegistry();
        CompletableFuture<PrometheusMeterRegistry> prometheusReady = CompletableFuture.supplyAsync(() -> {
            PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            new JvmMemoryMetrics().bindTo(prometheus);
            new JvmGcMetrics().bindTo(prometheus);
            new ProcessorMetrics().bindTo(prometheus);
            meters.add(prometheus);
            return prometheus;
        }, Executors.newVirtualThreadPerTaskExecutor());
        // The registry is a Kafka client of this broker, so it starts after it; produce-time schema validation
        // reaches it through this reference once it is up.
        AtomicReference<RecordValidator> validator = new AtomicReference<>(RecordValidator.NONE);
        Broker broker = Broker.start(config, new BrokerMetrics(meters),
                (topic, key, payload) -> validator.get().problem(topic, key, payload), List.of());
        GroupLagMetrics lag = new GroupLagMetrics(meters, broker.groups());
        HttpServer http = startHttp(broker, prometheusReady, lag);
        SchemaRegistry registry = SchemaRegistry.start(RegistryConfig.of(broker.bootstrapServers(), host, registryPort));
        // Looked up per record: the registry loads its state in the background, and start-up must not wait for it.
        validator.set((topic, key, payload) -> registry.payloadValidator().validate(topic, key, payload)
                instanceof PayloadValidator.Verdict.Invalid invalid ? invalid.reason() : null);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("herald: stopping");
            try {
                registry.close();
                http.stop(0);
                broker.close();
            } catch (Exception e) {
                System.err.println("herald: error while stopping: " + e);
            } finally {
                stopped.countDown();
            }
        }, "herald-shutdown"));
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("herald ready in %d ms: kafka %s:%d, registry %s, http %s:%d, data %s, fsync %s%n",
                millis, host, broker.port(), "http://" + host + ":" + registry.port(), host, http.getAddress().getPort(),
                dataDir.toAbsolutePath(), config.fsyncPolicy());
        System.out.flush();
        markClassDataArchiveReady();
        stopped.await();
        return 0;
    }

    /**
     * Creates the file that {@code -Dherald.archive-ready} names, if it is set: bin/jvm-options.sh sets it on the run
     * that writes serve's class-data archive (written by the JVM when this process exits) and keeps that archive only
     * if this file exists, so that an archive of a run that never got this far (bad arguments, a port in use) is
     * written again by the next run instead of slowing every start of this build.
     */
    private static void markClassDataArchiveReady() {
        String ready = System.getProperty("herald.archive-ready");
        if (ready == null || ready.isEmpty()) return;
        try {
            Files.write(Path.of(ready), new byte[0]);
        } catch (IOException | RuntimeException e) {
            System.err.println("herald: could not mark the class-data archive as usable (" + e.getMessage()
                    + "); the next start writes it again");
        }
    }

    private FsyncPolicy parseFsync(String text) {
        try {
            return FsyncPolicy.parse(text);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--fsync: " + e.getMessage());
        }
    }

    private HttpServer startHttp(Broker broker, CompletableFuture<PrometheusMeterRegistry> prometheus, GroupLagMetrics lag) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, httpPort), 64);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/health", exchange -> {
            byte[] body = ("{\"status\":\"UP\",\"clusterId\":\"" + broker.clusterId() + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/metrics", exchange -> {
            lag.refresh();
            byte[] body = prometheus.join().scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return server;
    }
}
