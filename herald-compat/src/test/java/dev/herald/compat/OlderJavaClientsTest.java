package dev.herald.compat;

import static dev.herald.compat.Clients.unique;

import dev.herald.testkit.KafkaTarget;
import dev.herald.testkit.OnEachBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;

/**
 * Older lines of Java clients still common in production (kafka-clients 3.9 and 2.8) run Kafka's own
 * ClientCompatibilityTest from the matching kafka-tools: older request versions for produce, consume, admin and
 * offsetsForTimes. The build copies each line's jars into {@code target/kafka-clients-<version>}.
 */
@Tag("slow")
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class OlderJavaClientsTest {

    @OnEachBroker
    void olderJavaClientsPassKafkasClientCompatibilityTest(KafkaTarget broker) throws Exception {
        boolean aclsAdvertised = KafkaToolsCompatibilityTest.describeAclsAdvertised(broker);
        for (Path jars : clientLines()) {
            String version = jars.getFileName().toString().substring("kafka-clients-".length());
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", jars + "/*",
                    KafkaTools.CLIENT_COMPATIBILITY_TEST,
                    "--bootstrap-server", broker.bootstrapServers(),
                    "--topic", unique("client-compatibility-" + version, broker),
                    "--num-cluster-nodes", "1",
                    "--create-topics-supported", "true",
                    "--offsets-for-times-supported", "true",
                    "--cluster-id-supported", "true",
                    "--expect-record-too-large-exception", "false",
                    "--describe-acls-supported", Boolean.toString(aclsAdvertised),
                    "--describe-configs-supported", "true"));
            if (!version.startsWith("2.")) {
                // The idempotence check arrived in the 3.x tool.
                command.addAll(List.of("--idempotent-producer-supported", "true"));
            }
            KafkaToolsCompatibilityTest.deleteClientCompatibilityTopic(broker);
            Path scratch = Files.createTempDirectory("herald-tool-");
            command.add(1, "-Djava.io.tmpdir=" + scratch);
            ExternalCommand.of(command).scratch(scratch).timeout(Duration.ofSeconds(100)).run().assertSuccess();
        }
    }

    private static List<Path> clientLines() {
        String configured = System.getProperty("herald.compat.olderClients", "");
        List<Path> lines = Arrays.stream(configured.split(",")).filter(s -> !s.isBlank()).map(Path::of).toList();
        if (lines.isEmpty() || !lines.stream().allMatch(Files::isDirectory)) {
            throw new AssertionError("older kafka-clients jars missing (" + configured + "): run the tests through "
                    + "Maven, whose build copies them");
        }
        return lines;
    }
}
