package dev.herald.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.common.Uuid;

/**
 * A real Apache Kafka 4.4 broker in KRaft combined mode (broker and controller in one node), running in a child
 * JVM on free 127.0.0.1 ports with its storage in a fresh temporary folder. It is the oracle Herald is compared
 * against.
 *
 * <p>Why a child JVM and not in-process: the broker brings Scala, log4j and its own Jackson, none of which should
 * meet the classes of the test using it; a child can be killed for certain; and its heap (400 MB and more) is not
 * the test's. The jars come from Maven: {@code herald-testkit}'s build writes the resolved classpath of
 * {@code kafka_2.13} into the resource {@code apache-kafka.classpath}. The child formats its storage and starts
 * {@code kafka.Kafka} ({@link ApacheKafkaLauncher}), and halts by itself when this JVM goes away.
 *
 * <p>Starting takes about 4 s, so tests share one broker per JVM through {@link ApacheKafkaExtension} or
 * {@link OnEachBroker}. {@link #close()} kills the child and deletes its folder; a shutdown hook does the same if
 * nobody called it. Thread-safe.
 *
 * <pre>{@code
 * try (ApacheKafkaBroker kafka = ApacheKafkaBroker.builder().config("log.retention.ms", "60000").start()) {
 *     String bootstrap = kafka.bootstrapServers();
 * }
 * }</pre>
 */
public final class ApacheKafkaBroker implements KafkaTarget, AutoCloseable {

    /** The target name of Apache Kafka in display names and in {@code -Dherald.test.targets}. */
    public static final String NAME = "apache-kafka";

    /** Set to {@code true} to keep the broker's folder (log, data) after the run, for debugging. */
    public static final String KEEP_FILES_PROPERTY = "herald.testkit.keepBrokerFiles";

    private static final int START_ATTEMPTS = 3;

    private final Path directory;
    private final Process process;
    private final int port;
    private final String clusterId;
    private final Thread shutdownHook;
    private volatile boolean closed;

    private ApacheKafkaBroker(Path directory, Process process, int port, String clusterId) {
        this.directory = directory;
        this.process = process;
        this.port = port;
        this.clusterId = clusterId;
        this.shutdownHook = new Thread(this::destroyAndDelete, "apache-kafka-broker-cleanup");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts a broker with the default test configuration. */
    public static ApacheKafkaBroker start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    @Override
    public int port() {
        return port;
    }

    /** The cluster id its storage was formatted with, as Metadata and DescribeCluster report it. */
    public String clusterId() {
        return clusterId;
    }

    /** The broker's combined stdout and stderr (log4j at WARN, plus the storage format output). */
    public Path logFile() {
        return directory.resolve("broker.log");
    }

    /** The child JVM's process id, for tests that want to kill it themselves. */
    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Kills the broker (it has nothing worth a clean shutdown: its files are deleted next) and deletes its folder. */
    @Override
    public void close() {
        destroyAndDelete();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or has run; nothing left to do
        }
    }

    @Override
    public String toString() {
        return NAME + "@" + bootstrapServers();
    }

    private synchronized void destroyAndDelete() {
        if (closed) {
            return;
        }
        closed = true;
        destroy(process);
        if (Boolean.getBoolean(KEEP_FILES_PROPERTY)) {
            System.err.println("herald-testkit: kept Apache Kafka's files in " + directory);
        } else {
            deleteRecursively(directory);
        }
    }

    private static void destroy(Process process) {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Deletes a folder tree; files vanishing meanwhile (a broker still writing) are not an error. */
    static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw e;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path directory, IOException e) throws IOException {
                    Files.deleteIfExists(directory);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + root, e);
        }
    }

    /** Configuration of a broker to start. Not thread-safe; use once. */
    public static final class Builder {
        private final Map<String, String> overrides = new LinkedHashMap<>();
        private Duration startTimeout = Duration.ofSeconds(90);
        private String maxHeap = "768m";

        private Builder() {
        }

        /** Sets or overrides one {@code server.properties} entry (listeners and folders are the testkit's). */
        public Builder config(String key, String value) {
            overrides.put(key, value);
            return this;
        }

        public Builder startTimeout(Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }

        public Builder maxHeap(String maxHeap) {
            this.maxHeap = maxHeap;
            return this;
        }

        /** Starts the broker and returns once it answers DescribeCluster with itself as a live broker. */
        public ApacheKafkaBroker start() {
            Path directory = createDirectory();
            List<String> failures = new ArrayList<>();
            try {
                for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
                    ApacheKafkaBroker broker = tryStart(directory, attempt);
                    if (broker != null) {
                        return broker;
                    }
                    failures.add(tail(directory.resolve("broker.log")));
                }
            } catch (RuntimeException | Error e) {
                deleteRecursively(directory);
                throw e;
            }
            deleteRecursively(directory);
            throw new IllegalStateException("Apache Kafka did not start after " + START_ATTEMPTS
                    + " attempts; last broker output:\n" + failures.getLast());
        }

        /** One attempt on fresh ports; null when the ports were taken meanwhile or the child died, so retry. */
        private ApacheKafkaBroker tryStart(Path directory, int attempt) {
            int port = FreePorts.next();
            int controllerPort = FreePorts.next();
            Path dataDir = directory.resolve("data-" + attempt);
            Path properties = directory.resolve("server.properties");
            Path log4j = directory.resolve("log4j2.properties");
            writeProperties(properties, serverProperties(port, controllerPort, dataDir));
            copyResource("apache-kafka-log4j2.properties", log4j);
            String clusterId = Uuid.randomUuid().toString();
            Process process = launch(directory, properties, log4j, clusterId);
            try {
                if (awaitReady(process, port, clusterId, startTimeout)) {
                    return new ApacheKafkaBroker(directory, process, port, clusterId);
                }
                destroy(process);
                return null;
            } catch (RuntimeException e) {
                destroy(process);
                throw new IllegalStateException(e.getMessage() + "; broker output:\n"
                        + tail(directory.resolve("broker.log")), e);
            }
        }

        private Map<String, String> serverProperties(int port, int controllerPort, Path dataDir) {
            Map<String, String> config = new LinkedHashMap<>();
            config.put("process.roles", "broker,controller");
            config.put("node.id", "1");
            // Static quorum: formatting needs no --standalone and the controller never reconfigures.
            config.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
            config.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
            config.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
            config.put("inter.broker.listener.name", "PLAINTEXT");
            config.put("controller.listener.names", "CONTROLLER");
            config.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
            config.put("log.dirs", dataDir.toString());
            config.put("num.partitions", "1");
            config.put("auto.create.topics.enable", "true");
            config.put("group.initial.rebalance.delay.ms", "0");
            config.put("offsets.topic.replication.factor", "1");
            // One partition per internal topic: creating 50 of them on the first group costs seconds per suite.
            config.put("offsets.topic.num.partitions", "1");
            config.put("transaction.state.log.replication.factor", "1");
            config.put("transaction.state.log.min.isr", "1");
            config.put("transaction.state.log.num.partitions", "1");
            config.put("share.coordinator.state.topic.replication.factor", "1");
            config.put("share.coordinator.state.topic.min.isr", "1");
            config.put("share.coordinator.state.topic.num.partitions", "1");
            config.putAll(overrides);
            return config;
        }

        private Process launch(Path directory, Path properties, Path log4j, String clusterId) {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            // Native codec libraries (lz4, snappy, zstd) unpack into java.io.tmpdir and a killed JVM never removes
            // them: keep them in the broker's folder, which close() deletes.
            Path scratch = directory.resolve("tmp");
            try {
                Files.createDirectories(scratch);
            } catch (IOException e) {
                throw new UncheckedIOException("could not create " + scratch, e);
            }
            command.addAll(List.of("-Xms128m", "-Xmx" + maxHeap, "-Djava.io.tmpdir=" + scratch, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-Xshare:auto", "-Djava.awt.headless=true", "--enable-native-access=ALL-UNNAMED",
                    "-Dlog4j2.configurationFile=" + log4j,
                    "-Dlog4j2.disable.jmx=true",
                    "-cp", childClasspath(),
                    ApacheKafkaLauncher.class.getName(),
                    properties.toString(), clusterId));
            try {
                return new ProcessBuilder(command)
                        .directory(directory.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(directory.resolve("broker.log").toFile())
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("could not start a JVM for Apache Kafka: " + command.getFirst(), e);
            }
        }

        /**
         * True once our broker answers DescribeCluster with itself as a live broker; false if the child died (its
         * port was taken meanwhile, say). The cluster id tells our broker from another process that grabbed the port.
         */
        private static boolean awaitReady(Process process, int port, String clusterId, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!accepts(port)) {
                if (!process.isAlive()) {
                    return false;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Apache Kafka did not open port " + port + " within " + timeout);
                }
                pause();
            }
            Properties config = new Properties();
            config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port);
            config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
            config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
            config.put(AdminClientConfig.CLIENT_ID_CONFIG, "herald-testkit-readiness");
            try (Admin admin = Admin.create(config)) {
                while (System.nanoTime() < deadline) {
                    if (!process.isAlive()) {
                        return false;
                    }
                    if (hasLiveBroker(admin, clusterId)) {
                        return true;
                    }
                    pause();
                }
            }
            throw new IllegalStateException("Apache Kafka on port " + port + " did not report a live broker within "
                    + timeout);
        }

        private static boolean hasLiveBroker(Admin admin, String clusterId) {
            try {
                DescribeClusterResult cluster = admin.describeCluster(new DescribeClusterOptions().timeoutMs(2000));
                return clusterId.equals(cluster.clusterId().get()) && !cluster.nodes().get().isEmpty();
            } catch (ExecutionException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Apache Kafka", e);
            }
        }

        private static boolean accepts(int port) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        private static void pause() {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Apache Kafka", e);
            }
        }

        private static Path createDirectory() {
            try {
                return Files.createTempDirectory("herald-apache-kafka-");
            } catch (IOException e) {
                throw new UncheckedIOException("could not create a temporary folder for Apache Kafka", e);
            }
        }

        private static void writeProperties(Path file, Map<String, String> config) {
            StringBuilder text = new StringBuilder("# written by herald-testkit ApacheKafkaBroker\n");
            config.forEach((key, value) -> text.append(key).append('=')
                    .append(value.replace("\\", "\\\\")).append('\n'));
            try {
                Files.writeString(file, text);
            } catch (IOException e) {
                throw new UncheckedIOException("could not write " + file, e);
            }
        }
    }

    /** Kafka's jars (from the build) followed by the testkit's own classes, which hold the launcher. */
    static String childClasspath() {
        String kafkaJars = readResource("apache-kafka.classpath").strip();
        if (kafkaJars.isEmpty()) {
            throw new IllegalStateException("apache-kafka.classpath is empty: rebuild herald-testkit with Maven");
        }
        try {
            Path testkit = Path.of(ApacheKafkaLauncher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return kafkaJars + java.io.File.pathSeparator + testkit;
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate herald-testkit's classes", e);
        }
    }

    private static String readResource(String name) {
        try (InputStream in = ApacheKafkaBroker.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing next to " + ApacheKafkaBroker.class
                        + ": herald-testkit must be built by Maven (its build writes the Kafka classpath)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read resource " + name, e);
        }
    }

    private static void copyResource(String name, Path target) {
        try {
            Files.writeString(target, readResource(name));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + target, e);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of("(no output)");
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(could not read " + log + ": " + e + ")";
        }
    }
}
