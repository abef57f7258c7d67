package dev.herald.server;

import dev.herald.broker.Broker;
import dev.herald.broker.BrokerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The operator commands against an in-process broker, as a user would type them. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CliTest {
    @TempDir Path dataDir;
    Broker broker;
    String bootstrap;

    @BeforeEach
    void start() throws Exception {
        broker = Broker.start(BrokerConfig.defaults(dataDir).withPort(0).withGroupInitialRebalanceDelayMs(0));
        bootstrap = broker.bootstrapServers();
    }

    @AfterEach
    void stop() throws Exception {
        broker.close();
    }

    /** Runs one command; returns its exit code and what it printed on stdout. */
    private record Run(int exitCode, String out) { }

    private Run herald(String stdin, String... args) {
        PrintStream originalOut = System.out;
        InputStream originalIn = System.in;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            int code = Main.commandLine().execute(args);
            return new Run(code, captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(originalOut);
            System.setIn(originalIn);
        }
    }

    @Test
    void createsProducesConsumesAndDescribes() {
        assertThat(herald("", "topics", "create", "orders", "--partitions", "2", "--config", "retention.ms=3600000", "--bootstrap", bootstrap).exitCode()).isZero();
        assertThat(herald("", "topics", "list", "--bootstrap", bootstrap).out()).contains("orders");
        assertThat(herald("o-1:placed\no-2:placed\no-1:paid\n", "produce", "orders", "--bootstrap", bootstrap).exitCode()).isZero();
        Run consumed = herald("", "consume", "orders", "--from-beginning", "--bootstrap", bootstrap);
        assertThat(consumed.out().lines()).hasSize(3).anyMatch(l -> l.endsWith("o-1\tpaid"));
        Run describe = herald("", "topics", "describe", "orders", "--bootstrap", bootstrap);
        assertThat(describe.out()).contains("Partitions: 2").contains("retention.ms=3600000  (override)");
        assertThat(herald("", "topics", "alter", "orders", "--partitions", "4", "--bootstrap", bootstrap).exitCode()).isZero();
        assertThat(herald("", "topics", "describe", "orders", "--bootstrap", bootstrap).out()).contains("Partitions: 4");
        assertThat(herald("", "topics", "delete", "orders", "--bootstrap", bootstrap).exitCode()).isZero();
        assertThat(herald("", "topics", "list", "--bootstrap", bootstrap).out()).doesNotContain("orders");
    }

    @Test
    void replaysFromAnOffset() {
        herald("a:1\nb:2\nc:3\n", "produce", "replay", "--bootstrap", bootstrap);
        Run fromOffset = herald("", "consume", "replay", "--offset", "1", "--bootstrap", bootstrap);
        assertThat(fromOffset.out().lines()).containsExactly("0\t1\tb\t2", "0\t2\tc\t3");
    }

    @Test
    void refusesToCreateATopicWithABadSetting() {
        Run run = herald("", "topics", "create", "bad", "--config", "cleanup.policy=sometimes", "--bootstrap", bootstrap);
        assertThat(run.exitCode()).isNotZero();
        assertThat(herald("", "topics", "list", "--bootstrap", bootstrap).out()).doesNotContain("bad");
    }

    @Test
    void showsGroupLagAndResetsOffsets() {
        herald("a:1\nb:2\nc:3\n", "produce", "work", "--bootstrap", bootstrap);
        Run reset = herald("", "groups", "reset-offsets", "workers", "--topic", "work", "--to-offset", "1", "--bootstrap", bootstrap);
        assertThat(reset.exitCode()).isZero();
        assertThat(herald("", "groups", "list", "--bootstrap", bootstrap).out()).contains("workers");
        Run describe = herald("", "groups", "describe", "workers", "--bootstrap", bootstrap);
        assertThat(describe.out()).containsPattern("work\\s+0\\s+1\\s+3\\s+2");
    }
}
