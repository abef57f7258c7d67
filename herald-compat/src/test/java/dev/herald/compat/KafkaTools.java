package dev.herald.compat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Kafka's own command-line tools ({@code org.apache.kafka:kafka-tools:4.4.0}) run as child JVMs, exactly as
 * {@code kafka-topics.sh} and friends run them, so that their {@code Exit.exit} calls and stdout stay theirs.
 * The build writes the resolved classpath into the test resource {@code kafka-tools.classpath}.
 */
final class KafkaTools {

    static final String CLIENT_COMPATIBILITY_TEST = "org.apache.kafka.tools.ClientCompatibilityTest";
    static final String VERIFIABLE_PRODUCER = "org.apache.kafka.tools.VerifiableProducer";
    static final String VERIFIABLE_CONSUMER = "org.apache.kafka.tools.VerifiableConsumer";
    static final String CONSOLE_PRODUCER = "org.apache.kafka.tools.ConsoleProducer";
    static final String CONSOLE_CONSUMER = "org.apache.kafka.tools.consumer.ConsoleConsumer";
    static final String TOPIC_COMMAND = "org.apache.kafka.tools.TopicCommand";
    static final String CONSUMER_GROUP_COMMAND = "org.apache.kafka.tools.consumer.group.ConsumerGroupCommand";

    private static final String CLASSPATH = readClasspath();

    private KafkaTools() {
    }

    /** A command running {@code mainClass} with {@code args}, not started yet. */
    static ExternalCommand tool(String mainClass, String... args) {
        // Native codec libraries unpack into java.io.tmpdir and a killed JVM leaves them there: give each tool its own.
        Path scratch;
        try {
            scratch = Files.createTempDirectory("herald-tool-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + scratch,
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "--enable-native-access=ALL-UNNAMED",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                // Retries while a topic is being created are expected; anything worse still shows on stderr.
                "-Dorg.slf4j.simpleLogger.log.org.apache.kafka.clients.NetworkClient=error",
                "-cp", CLASSPATH, mainClass));
        command.addAll(List.of(args));
        return ExternalCommand.of(command).scratch(scratch);
    }

    private static String readClasspath() {
        try (InputStream in = KafkaTools.class.getResourceAsStream("/kafka-tools.classpath")) {
            if (in == null) {
                throw new IllegalStateException("kafka-tools.classpath is missing from the test classpath: run the "
                        + "tests through Maven (the build writes it)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
