package dev.herald.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A test JVM killed with {@code kill -9} (a surefire fork timing out, a developer's Ctrl-C) leaves neither a broker
 * process nor its files behind. Runs before the shared broker starts: see junit-platform.properties.
 */
@Order(0)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OrphanedBrokerTest {

    /** The stand-in for a test JVM: starts a broker, says where it is, then waits to be killed. */
    public static void main(String[] args) throws InterruptedException {
        ApacheKafkaBroker broker = ApacheKafkaBroker.start();
        System.out.println("started " + broker.pid() + " " + broker.logFile().getParent());
        System.out.flush();
        Thread.sleep(TimeUnit.MINUTES.toMillis(5));
    }

    @Test
    void brokerHaltsAndDeletesItsFilesWhenItsParentIsKilled() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process parent = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                OrphanedBrokerTest.class.getName())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        ProcessHandle broker = null;
        Path folder = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("started ")) {
                // skip anything else the parent prints
            }
            assertThat(line).as("the parent JVM reported its broker").isNotNull();
            List<String> words = List.of(line.split(" "));
            broker = ProcessHandle.of(Long.parseLong(words.get(1))).orElseThrow();
            folder = Path.of(words.get(2));
            assertThat(broker.isAlive()).isTrue();
            assertThat(folder).isDirectory();

            parent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

            broker.onExit().get(20, TimeUnit.SECONDS);
            assertThat(Files.exists(folder)).as("%s deleted", folder).isFalse();
        } finally {
            parent.destroyForcibly();
            if (broker != null) {
                broker.destroyForcibly();
            }
            if (folder != null) {
                ApacheKafkaBroker.deleteRecursively(folder);
            }
        }
    }
}
