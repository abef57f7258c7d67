package dev.herald.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.bench.report.Figure;
import dev.herald.bench.report.JsonResults;
import dev.herald.bench.report.Results;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness's {@code --quick} mode end to end, as a smoke check that it still runs: Herald (this build's jar) and
 * Apache Kafka 4.4, every workload, the report. It checks that every figure was measured for every broker and that
 * no tool failed, not how fast anything was (that is what the full run is for, never a test).
 */
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class SideBySideQuickTest {

    /** Measured for all four set-ups in every run; the rest are Herald-only or derived. */
    private static final List<Figure> EVERY_BROKER = List.of(Figure.PRODUCE_1K_P1_MIB, Figure.PRODUCE_1K_P6_MIB,
            Figure.PRODUCE_100B_MIB, Figure.CONSUME_1K_MIB, Figure.CONSUME_1K_WARM_MIB, Figure.CONSUME_100B_MIB,
            Figure.CONSUME_100B_WARM_MIB, Figure.CONSUMER_PERF_1K_MIB,
            Figure.CONSUMER_GROUP_JOIN, Figure.E2E_P99, Figure.SEND_ACK_P99, Figure.PING_AVERAGE,
            Figure.START_TO_READY, Figure.SHUTDOWN, Figure.RESTART_WITH_DATA, Figure.RSS_AFTER_LOAD, Figure.CPU_PER_GIB,
            Figure.PRODUCE_1K_P1_WHOLE_RUN_MIB, Figure.PRODUCE_1K_P1_CLIENT_CPU, Figure.PRODUCE_1K_P1_BROKER_CPU,
            Figure.PRODUCE_1K_P1_CPU_BUSY, Figure.PRODUCE_1K_P6_WHOLE_RUN_MIB,
            Figure.PRODUCE_1K_P6_CLIENT_CPU, Figure.PRODUCE_1K_P6_BROKER_CPU, Figure.PRODUCE_1K_P6_CPU_BUSY);

    @TempDir
    Path out;

    @Test
    void measuresEveryFigureOfEveryBrokerAndWritesTheReport() throws Exception {
        Path repository = Path.of("../..").toAbsolutePath().normalize();
        Path jar = repository.resolve("herald-server/target/herald.jar");
        assertThat(jar).as("Herald's jar, built by herald-server before this module in the reactor (./test);"
                + " alone: mvn -pl herald-server -am package -DskipTests").exists();

        SideBySide.main(new String[] {"--quick", "--herald-jar", jar.toString(), "--repository",
                repository.toString(), "--out", out.toString()});

        Results results = JsonResults.read(out.resolve("results.json")).results();
        assertThat(results.notes()).as("a tool or a broker failed")
                .noneMatch(note -> note.contains(" failed (exit ") || note.contains(", round "));
        for (Results.ContenderInfo contender : results.contenders()) {
            for (Figure figure : EVERY_BROKER) {
                assertThat(results.samples(contender.id(), figure)).as("%s: %s", contender.label(), figure.id())
                        .hasSize(1);
            }
        }
        for (Results.ContenderInfo contender : results.contenders()) {
            // A client's CPU comes from the harness's exited-children total: zero would mean it was not counted.
            assertThat(results.samples(contender.id(), Figure.PRODUCE_1K_P6_CLIENT_CPU)).as("%s: client CPU", contender.label())
                    .singleElement().satisfies(seconds -> assertThat(seconds).isPositive());
            assertThat(results.samples(contender.id(), Figure.PRODUCE_1K_P6_CPU_BUSY)).as("%s: CPUs busy", contender.label())
                    .singleElement().satisfies(percent -> assertThat(percent).isPositive().isLessThan(105));
        }
        assertThat(results.samples("herald-always", Figure.FSYNC_PRODUCE_MEAN)).as("fsync rounds read from /metrics")
                .singleElement().satisfies(ms -> assertThat(ms).isPositive());
        assertThat(results.samples("herald-always", Figure.FSYNC_PRODUCE_APPENDS)).singleElement()
                .satisfies(appends -> assertThat(appends).isGreaterThanOrEqualTo(1));
        assertThat(results.samples("kafka-default", Figure.FSYNC_PRODUCE_MEAN)).isEmpty();
        assertThat(results.samples("herald-interval-1000", Figure.FLUSH_E2E_MEAN)).as("periodic flushes from /metrics")
                .singleElement().satisfies(ms -> assertThat(ms).isPositive());
        assertThat(results.samples("herald-always", Figure.FLUSH_E2E_MEAN)).isEmpty();
        assertThat(Files.readString(out.resolve("README.md"))).contains("## Targets of issue 6")
                .contains("## Where the 1 KiB produce runs' CPU went");
        assertThat(results.machine().get("herald_jvm_options")).as("measured starts used the warm-up's archive")
                .contains("-XX:TieredStopAtLevel=1").doesNotContain("herald.archive-ready")
                .contains(Runtime.version().feature() >= 25 ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=");
        for (String chart : List.of("producer-throughput.png", "consumer-throughput.png", "latency.png",
                "footprint.png")) {
            assertThat(out.resolve(chart)).isNotEmptyFile();
        }
    }
}
