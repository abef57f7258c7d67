package dev.herald.bench.broker;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Apache Kafka 4.4 in KRaft combined mode (one node is broker and controller) from Maven Central jars, with the
 * JVM flags of Kafka's own {@code kafka-server-start.sh}. The storage folder is formatted by a separate
 * {@code kafka-storage format} run first, as an operator would, so start to ready covers {@code kafka.Kafka} alone.
 * The broker's durability is Kafka's default (no fsync; the OS writes back) unless {@link #topicConfigs()} says
 * otherwise ({@code flush.messages=1}: fsync after every batch). Immutable.
 */
public record KafkaContender(String id, String label, Map<String, String> topicConfigs, String kafkaClasspath)
        implements Contender {

    /** kafka-server-start.sh's heap and kafka-run-class.sh's performance options. */
    static final List<String> BROKER_JVM_OPTIONS = List.of("-Xmx1G", "-Xms1G", "-server", "-XX:+UseG1GC",
            "-XX:MaxGCPauseMillis=20", "-XX:InitiatingHeapOccupancyPercent=35", "-XX:+ExplicitGCInvokesConcurrent",
            "-XX:MaxInlineLevel=15", "-Djava.awt.headless=true");

    public KafkaContender {
        topicConfigs = Map.copyOf(topicConfigs);
    }

    @Override
    public boolean isHerald() {
        return false;
    }

    @Override
    public RunningBroker start(Path directory) {
        return launch(directory, true);
    }

    @Override
    public RunningBroker restart(Path directory) {
        return launch(directory, false);
    }

    private RunningBroker launch(Path directory, boolean format) {
        int port = FreePorts.next();
        int controllerPort = FreePorts.next();
        Path properties = directory.resolve("server.properties");
        Path log4j = directory.resolve("log4j2.properties");
        write(properties, serverProperties(port, controllerPort, directory.resolve("data")));
        write(log4j, resource("kafka-log4j2.properties"));
        List<String> jvm = new ArrayList<>(BROKER_JVM_OPTIONS);
        jvm.add("-Dlog4j2.configurationFile=" + log4j);
        if (format) format(directory, properties, log4j);
        JavaCommand command = new JavaCommand(jvm, kafkaClasspath, "kafka.Kafka", List.of(properties.toString()));
        return RunningBroker.start(command, directory, format ? "broker.log" : "broker-restart.log", "127.0.0.1:" + port,
                Optional.empty(), line -> line.contains("Kafka Server started"), Duration.ofSeconds(120));
    }

    private void format(Path directory, Path properties, Path log4j) {
        JavaCommand command = new JavaCommand(List.of("-Xmx256M", "-Dlog4j2.configurationFile=" + log4j),
                kafkaClasspath, "kafka.tools.StorageTool", List.of("format", "--cluster-id",
                        clusterId(), "--config", properties.toString()));
        Path log = directory.resolve("format.log");
        Process process = ChildProcesses.start(new ProcessBuilder(command.toList()).directory(directory.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()));
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                ChildProcesses.kill(process);
                throw new IllegalStateException("kafka-storage format failed; see " + log + ":\n" + read(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ChildProcesses.kill(process);
            throw new IllegalStateException("interrupted while formatting Kafka's storage", e);
        }
    }

    /**
     * Kafka's own base64 form of a random UUID, as {@code kafka-storage random-uuid} prints; like Kafka's
     * {@code Uuid.randomUuid}, never starting with '-', which the tool's argument parser would take for an option.
     */
    private static String clusterId() {
        while (true) {
            UUID uuid = UUID.randomUUID();
            ByteBuffer bytes = ByteBuffer.allocate(16);
            bytes.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
            String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
            if (!id.startsWith("-")) {
                return id;
            }
        }
    }

    private static String serverProperties(int port, int controllerPort, Path dataDirectory) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("process.roles", "broker,controller");
        config.put("node.id", "1");
        config.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        config.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        config.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        config.put("inter.broker.listener.name", "PLAINTEXT");
        config.put("controller.listener.names", "CONTROLLER");
        config.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
        config.put("log.dirs", dataDirectory.toString());
        config.put("num.partitions", "1");
        config.put("offsets.topic.replication.factor", "1");
        // One partition instead of 50: ConsumerPerformance's first group would otherwise wait for 50 to be created.
        config.put("offsets.topic.num.partitions", "1");
        config.put("transaction.state.log.replication.factor", "1");
        config.put("transaction.state.log.min.isr", "1");
        config.put("share.coordinator.state.topic.replication.factor", "1");
        config.put("share.coordinator.state.topic.min.isr", "1");
        config.put("group.initial.rebalance.delay.ms", "0");
        StringBuilder text = new StringBuilder("# written by herald-bench-harness\n");
        config.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        return text.toString();
    }

    static String resource(String name) {
        try (InputStream in = KafkaContender.class.getResourceAsStream("/dev/herald/bench/" + name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing: build bench/harness with Maven");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read resource " + name, e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
