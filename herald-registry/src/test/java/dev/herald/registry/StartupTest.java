package dev.herald.registry;

import dev.herald.registry.store.LogRecord;
import dev.herald.registry.store.MemorySchemaLog;
import dev.herald.registry.store.SchemaLog;
import dev.herald.registry.store.StoreException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The port is bound at once; requests wait for the replay; a failed start is reported, not hidden. */
@Timeout(30)
class StartupTest {

    /** A log whose replay waits for the test to release it. */
    private static final class SlowLog implements SchemaLog {
        final CountDownLatch release = new CountDownLatch(1);
        final MemorySchemaLog delegate = new MemorySchemaLog();

        @Override
        public void start(Consumer<LogRecord> applier) {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            delegate.start(applier);
        }

        @Override
        public void append(LogRecord record) {
            delegate.append(record);
        }

        @Override
        public void close() {
            release.countDown();
            delegate.close();
        }
    }

    @Test
    void requestsWaitUntilTheLogHasBeenReplayed() throws Exception {
        SlowLog log = new SlowLog();
        try (SchemaRegistry registry = SchemaRegistry.start(RegistryConfig.of(null, "127.0.0.1", 0), log)) {
            RestClient client = new RestClient(registry.port());
            CompletableFuture<RestClient.Response> pending = CompletableFuture.supplyAsync(() -> client.get("/subjects"));
            Thread.sleep(200);
            assertThat(pending).isNotDone();
            log.release.countDown();
            assertThat(pending.get().status()).isEqualTo(200);
            assertThat(registry.awaitReady(Duration.ofSeconds(5))).isSameAs(registry);
        }
    }

    @Test
    void aFailedStartIsReportedByAwaitReadyAndByEveryRequest() {
        SchemaLog failing = new SchemaLog() {
            @Override
            public void start(Consumer<LogRecord> applier) {
                throw new StoreException("Cannot create or inspect topic _schemas on nowhere:9092", false, null);
            }

            @Override
            public void append(LogRecord record) {
                throw new AssertionError("never started");
            }

            @Override
            public void close() {
            }
        };
        try (SchemaRegistry registry = SchemaRegistry.start(RegistryConfig.of(null, "127.0.0.1", 0), failing)) {
            assertThatThrownBy(() -> registry.awaitReady(Duration.ofSeconds(5))).isInstanceOf(StoreException.class)
                    .hasMessageContaining("nowhere:9092");
            RestClient.Response response = new RestClient(registry.port()).get("/subjects");
            assertThat(response.status()).isEqualTo(500);
            assertThat(response.json().path("error_code").asInt()).isEqualTo(50001);
            assertThat(response.json().path("message").asText()).contains("could not start", "nowhere:9092");
        }
    }

    @Test
    void stoppingWhileStillConnectingEndsTheStartUpAndItsKafkaClients() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        SchemaRegistry registry = SchemaRegistry.start(RegistryConfig.of("127.0.0.1:" + closedPort, "127.0.0.1", 0));
        // Wait until the start-up thread's admin client exists (it then retries its first call against the closed port).
        List<Thread> started = List.of();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (started.stream().noneMatch(t -> t.getName().startsWith("kafka-admin-client-thread")) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            started = Thread.getAllStackTraces().keySet().stream().filter(t -> !before.contains(t))
                    .filter(t -> t.getName().startsWith("herald-registry-start") || t.getName().startsWith("kafka-admin-client-thread"))
                    .toList();
        }
        assertThat(started).extracting(Thread::getName).anyMatch(name -> name.startsWith("kafka-admin-client-thread"));
        Thread.sleep(200); // and is retrying
        registry.close();
        assertThat(started).as("threads left running after close").noneMatch(Thread::isAlive);
        assertThatThrownBy(() -> registry.awaitReady(Duration.ofSeconds(5))).isInstanceOf(StoreException.class)
                .hasMessageContaining("stopped while starting");
    }

    @Test
    void refusesAnEmptyBootstrapAddress() {
        assertThatThrownBy(() -> SchemaRegistry.start(RegistryConfig.of("", "127.0.0.1", 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bootstrap");
    }
}
