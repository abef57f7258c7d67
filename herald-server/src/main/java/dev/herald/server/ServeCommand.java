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
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
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
final class ServeCommand implements Callable<Integer> {
    // The options, declared through picocli's programmatic API (see Main) and read in call() through these fields.
    private final CommandSpec spec = CommandSpec.wrapWithoutInspection(this, Main.Factory.INSTANCE).name("serve")
            .versionProvider(new Main.Version());
    private final OptionSpec dataDir = option("--data-dir", "DIR", Path.class, "herald-data",
            "Where the log and metadata live (default: ${DEFAULT-VALUE}).");
    private final OptionSpec host = option("--host", "HOST", String.class, "127.0.0.1",
            "Address to listen on and advertise (default: ${DEFAULT-VALUE}).");
    private final OptionSpec kafkaPort = option("--kafka-port", "PORT", int.class, "9092",
            "Kafka protocol port (default: ${DEFAULT-VALUE}; 0 picks a free one).");
    private final OptionSpec registryPort = option("--registry-port", "PORT", int.class, "8081",
            "Schema registry port (default: ${DEFAULT-VALUE}).");
    private final OptionSpec httpPort = option("--http-port", "PORT", int.class, "8080",
            "HTTP port: health and metrics (default: ${DEFAULT-VALUE}).");
    private final OptionSpec fsync = option("--fsync", "POLICY", String.class, "always",
            "Durability policy: 'always' (fsync with group commit before acknowledging; default) or 'interval:MS'.");
    private final OptionSpec partitions = option("--partitions", "N", int.class, "1",
            "Partitions of auto-created topics (num.partitions, default: ${DEFAULT-VALUE}).");
    private final OptionSpec noAutoCreate = flag("--no-auto-create-topics", "Do not create unknown topics on first use.");
    private final OptionSpec groupInitialRebalanceDelayMs = option("--group-initial-rebalance-delay-ms", "MS", long.class,
            "3000", "How long a new consumer group waits for more members before its first rebalance "
                    + "(group.initial.rebalance.delay.ms, default: ${DEFAULT-VALUE}; 0 suits tests and development).");
    private final OptionSpec connectionsMaxIdleMs = option("--connections-max-idle-ms", "MS", long.class, "600000",
            "Close a connection after this long with no request and no answer owed (connections.max.idle.ms, "
                    + "default: ${DEFAULT-VALUE}; 0 or less: never).");

    ServeCommand() {
        spec.usageMessage().description("Run Herald: Kafka broker, schema registry and HTTP port.");
        Main.addStandardHelpOptions(spec);
    }

    /** This command's picocli model, with its options. */
    CommandSpec spec() {
        return spec;
    }

    private OptionSpec option(String name, String label, Class<?> type, String defaultValue, String description) {
        return add(OptionSpec.builder(name).paramLabel(label).type(type).defaultValue(defaultValue).description(description));
    }

    private OptionSpec flag(String name, String description) {
        // No arity: like picocli's annotated boolean options, --flag and --flag=true|false are all accepted.
        return add(OptionSpec.builder(name).type(boolean.class).defaultValue("false").description(description));
    }

    private OptionSpec add(OptionSpec.Builder builder) {
        OptionSpec option = builder.build();
        spec.addOption(option);
        return option;
    }

    /** Open once logging is set up: at once, or when {@link #prepareAhead} has done it. */
    private static volatile CountDownLatch loggingReady = new CountDownLatch(0);

    /**
     * Starts, on a thread of its own, the one-time set-up that dominates the start of {@code serve}, so that it runs
     * while the main thread is still parsing the command line, in the order the start needs it: the logging and
     * metrics facades look up their providers, a new data folder's cluster id seeds {@link SecureRandom}, kafka-clients
     * builds the schema of every protocol message when {@link ApiKeys} is first used, and the topic settings link a
     * lambda per setting. All of it is class initialization or a JDK cache filled once, both thread-safe: a thread
     * that needs a class being initialized on the other waits for it, so nothing is set up twice or seen half-done.
     * SLF4J is the exception: while one thread initializes it, loggers made on another are stand-ins whose calls it
     * replays later, with a warning on stderr, so {@link #call} waits for {@link #loggingReady} before it logs.
     */
    static void prepareAhead() {
        CountDownLatch logging = new CountDownLatch(1);
        loggingReady = logging;
        Thread.ofPlatform().daemon().name("herald-prepare").start(() -> {
            try {
                MethodHandles.Lookup lookup = MethodHandles.lookup();
                try {
                    LoggerFactory.getILoggerFactory();
                } finally {
                    logging.countDown();
                }
                lookup.ensureInitialized(MeterRegistry.class);
                UUID.randomUUID();
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
        loggingReady.await();
        Path dataDir = this.dataDir.getValue();
        String host = this.host.getValue();
        int kafkaPort = this.kafkaPort.getValue();
        int registryPort = this.registryPort.getValue();
        int httpPort = this.httpPort.getValue();
        boolean noAutoCreate = this.noAutoCreate.getValue();
        BrokerConfig config = BrokerConfig.defaults(dataDir)
                .withHost(host).withPort(kafkaPort)
                .withFsyncPolicy(parseFsync(fsync.getValue()))
                .withDefaultPartitions(partitions.<Integer>getValue())
                .withAutoCreateTopics(!noAutoCreate)
                .withGroupInitialRebalanceDelayMs(groupInitialRebalanceDelayMs.<Long>getValue())
                .withConnectionsMaxIdleMs(connectionsMaxIdleMs.<Long>getValue());
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
        HttpServer http = startHttp(new InetSocketAddress(host, httpPort), broker, prometheusReady, lag);
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
        markClassDataArchiveReady(); // before the ready line, which tells whoever waits for it that the file is there
        long millis = (System.nanoTime() - started) / 1_000_000;
        // Concatenated, not printf: Formatter's first use loads the JDK's locale data, ~20 ms before this line.
        System.out.println("herald ready in " + millis + " ms: kafka " + host + ":" + broker.port()
                + ", registry http://" + host + ":" + registry.port() + ", http " + host + ":" + http.getAddress().getPort()
                + ", data " + dataDir.toAbsolutePath() + ", fsync " + config.fsyncPolicy());
        System.out.flush();
        stopped.await();
        return 0;
    }

    /**
     * Writes the file that {@code -Dherald.archive-ready} names, if it is set, with the JVM flags that
     * {@code -Dherald.archive-flags} lists: bin/jvm-options.sh sets both on the run that writes serve's class-data
     * archive (written by the JVM when this process exits) and keeps that archive only if this file exists and
     * names the flags of the run about to use it, so that an archive of a run that never got this far (bad
     * arguments, a port in use) or made with other flags is written again by the next run instead of slowing every
     * start of this build.
     */
    private static void markClassDataArchiveReady() {
        String ready = System.getProperty("herald.archive-ready");
        if (ready == null || ready.isEmpty()) return;
        try {
            Files.writeString(Path.of(ready), System.getProperty("herald.archive-flags", "") + "\n");
        } catch (IOException | RuntimeException e) {
            System.err.println("herald: could not mark the class-data archive as usable (" + e.getMessage()
                    + "); the next start writes it again");
        }
    }

    private FsyncPolicy parseFsync(String text) {
        try {
            return FsyncPolicy.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--fsync: " + e.getMessage());
        }
    }

    private static HttpServer startHttp(InetSocketAddress address, Broker broker,
                                        CompletableFuture<PrometheusMeterRegistry> prometheus, GroupLagMetrics lag) throws IOException {
        HttpServer server = HttpServer.create(address, 64);
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
