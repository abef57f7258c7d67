package dev.herald.bench.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class FsyncTotalsTest {

    /** The shape of Herald's /metrics for these meters (Micrometer's Prometheus registry), quantiles and all. */
    private static final String EXPOSITION = """
            # HELP herald_fsync_seconds Time of one group-commit fsync round (all its files in parallel)
            # TYPE herald_fsync_seconds summary
            herald_fsync_seconds{quantile="0.5"} 2.4E-4
            herald_fsync_seconds{quantile="0.99"} 0.0013
            herald_fsync_seconds_count 400
            herald_fsync_seconds_sum 0.2
            # HELP herald_fsync_seconds_max Time of one group-commit fsync round (all its files in parallel)
            # TYPE herald_fsync_seconds_max gauge
            herald_fsync_seconds_max 0.004
            # TYPE herald_fsync_writes summary
            herald_fsync_writes{quantile="0.5"} 2.0
            herald_fsync_writes_count 400
            herald_fsync_writes_sum 760
            herald_connections 3.0
            herald_interval_flush_seconds{quantile="0.5"} 9.2E-4
            herald_interval_flush_seconds_count 12
            herald_interval_flush_seconds_sum 0.024
            herald_interval_flush_seconds_max 0.003
            """;

    @Test
    void readsRoundsSecondsAndAppendsButNotQuantiles() {
        assertThat(FsyncTotals.parse(EXPOSITION)).contains(new FsyncTotals(400, 0.2, 760, 12, 0.024));
    }

    @Test
    void aBuildWithoutTheIntervalFlushMeterHasNoFlushes() {
        String older = EXPOSITION.lines().filter(line -> !line.startsWith("herald_interval_flush"))
                .collect(Collectors.joining("\n"));

        assertThat(FsyncTotals.parse(older)).contains(new FsyncTotals(400, 0.2, 760));
        assertThat(new FsyncTotals(400, 0.2, 760).flushMeanMs()).isNaN();
    }

    @Test
    void theMeanPeriodicFlushOfTwoReadings() {
        FsyncTotals between = new FsyncTotals(0, 0, 0, 15, 0.030).since(new FsyncTotals(0, 0, 0, 5, 0.010));

        assertThat(between.flushMeanMs()).isCloseTo(2.0, within(1e-9));
        assertThat(between.meanMs()).isNaN();
    }

    @Test
    void theDifferenceOfTwoReadingsDescribesTheWorkBetweenThem() {
        FsyncTotals before = new FsyncTotals(400, 0.2, 760);
        FsyncTotals after = new FsyncTotals(1400, 0.7, 3760);

        FsyncTotals between = after.since(before);

        assertThat(between.meanMs()).isCloseTo(0.5, within(1e-9));
        assertThat(between.appendsPerRound()).isCloseTo(3.0, within(1e-9));
    }

    @Test
    void noRoundsMeansNoMean() {
        assertThat(new FsyncTotals(0, 0, 0).meanMs()).isNaN();
    }

    @Test
    void aBrokerWithoutFsyncMetricsHasNoTotals() {
        assertThat(FsyncTotals.parse("herald_connections 3.0\nherald_fsync_seconds_count 4\n")).isEmpty();
    }
}
