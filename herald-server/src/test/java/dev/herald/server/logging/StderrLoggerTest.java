package dev.herald.server.logging;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

class StderrLoggerTest {
    private static final DateTimeFormatter UTC_MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream stderr;

    @BeforeEach
    void captureStderr() {
        stderr = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreStderr() {
        System.setErr(stderr);
    }

    private List<String> lines() {
        return captured.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void writesTimeThreadLevelLoggerAndMessageOnOneLine() {
        long before = System.currentTimeMillis();
        new StderrLogger("dev.herald.Example", LogLevels.INFO).info("Created topic {} with {} partitions", "orders", 3);
        long after = System.currentTimeMillis();

        String line = lines().getFirst();
        assertThat(lines()).hasSize(1);
        assertThat(line).endsWith(" [" + Thread.currentThread().getName() + "] INFO dev.herald.Example - Created topic orders with 3 partitions");
        Instant logged = Instant.from(UTC_MILLIS.parse(line.substring(0, line.indexOf(' '))));
        assertThat(logged.toEpochMilli()).isBetween(before, after);
    }

    @Test
    void writesOnlyEventsAtOrAboveItsThreshold() {
        StderrLogger logger = new StderrLogger("x", LogLevels.WARN);

        logger.debug("no");
        logger.info("no");
        logger.warn("yes {}", 1);
        logger.error("yes {}", 2);

        assertThat(lines()).hasSize(2).allMatch(l -> l.contains(" - yes "));
        assertThat(logger.isInfoEnabled()).isFalse();
        assertThat(logger.isWarnEnabled()).isTrue();
        assertThat(new StderrLogger("x", LogLevels.OFF).isErrorEnabled()).isFalse();
    }

    @Test
    void followsTheLineWithTheStackTraceOfItsException() {
        new StderrLogger("x", LogLevels.INFO).warn("fsync of {} failed", "00000.log", new IOException("disk gone"));

        assertThat(lines().get(0)).endsWith(" WARN x - fsync of 00000.log failed");
        assertThat(lines().get(1)).isEqualTo("java.io.IOException: disk gone");
        assertThat(lines().get(2)).startsWith("\tat dev.herald.server.logging.StderrLoggerTest.");
    }

    @Test
    void linesOfConcurrentEventsDoNotInterleave() throws InterruptedException {
        StderrLogger logger = new StderrLogger("x", LogLevels.INFO);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int id = t;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < 500; i++) logger.info("thread {} event {} {}", id, i, "x".repeat(200));
            }));
        }
        go.countDown();
        for (Thread thread : threads) thread.join();

        assertThat(lines()).hasSize(2000).allMatch(l -> l.matches(".* INFO x - thread \\d event \\d+ x{200}"));
    }

    @Test
    void isWhatSlf4jBindsToInTheServer() {
        StderrLoggingProvider.install();
        Logger logger = LoggerFactory.getLogger("dev.herald.server.logging.Bound");

        logger.info("bound");

        assertThat(lines()).anyMatch(l -> l.endsWith(" INFO dev.herald.server.logging.Bound - bound"));
    }

    @Property(tries = 500)
    void formatsAnyTimeAsIsoUtcWithMilliseconds(@ForAll @LongRange(min = 0, max = 253_402_300_799_999L) long epochMillis) {
        StringBuilder out = new StringBuilder();
        StderrLogger.appendUtc(out, epochMillis);

        assertThat(out.toString()).isEqualTo(UTC_MILLIS.format(Instant.ofEpochMilli(epochMillis)));
    }
}
