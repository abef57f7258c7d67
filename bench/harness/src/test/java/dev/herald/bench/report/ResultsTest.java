package dev.herald.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ResultsTest {

    private final Results results = new Results("full", 3);
    private final Results.Comparison comparison = new Results.Comparison("herald", "kafka", "test pairing");

    ResultsTest() {
        results.addContender(new Results.ContenderInfo("herald", "Herald", true));
        results.addContender(new Results.ContenderInfo("kafka", "Kafka", false));
        results.addComparison(comparison);
    }

    @Test
    void medianOfAnOddNumberOfRoundsIsTheMiddleSample() {
        results.add("herald", Figure.SHUTDOWN, 30);
        results.add("herald", Figure.SHUTDOWN, 10);
        results.add("herald", Figure.SHUTDOWN, 20);

        assertThat(results.median("herald", Figure.SHUTDOWN)).contains(20.0);
    }

    @Test
    void medianOfAnEvenNumberOfRoundsIsTheMeanOfTheMiddleTwo() {
        results.add("kafka", Figure.SHUTDOWN, 10);
        results.add("kafka", Figure.SHUTDOWN, 40);

        assertThat(results.median("kafka", Figure.SHUTDOWN)).contains(25.0);
    }

    @Test
    void ratioIsHeraldsMedianOverKafkas() {
        results.add("herald", Figure.PRODUCE_1K_P1_MIB, 300);
        results.add("kafka", Figure.PRODUCE_1K_P1_MIB, 100);

        assertThat(results.ratio(comparison, Figure.PRODUCE_1K_P1_MIB)).contains(3.0);
    }

    @Test
    void ratioIsMissingWhenEitherSideHasNoSamples() {
        results.add("kafka", Figure.CONSUMER_PERF_1K_MIB, 100);

        assertThat(results.ratio(comparison, Figure.CONSUMER_PERF_1K_MIB)).isEmpty();
        assertThat(results.median("herald", Figure.CONSUMER_PERF_1K_MIB)).isEmpty();
    }

    @Test
    void spreadIsTheLowestAndHighestRound() {
        results.add("herald", Figure.E2E_P99, 4.1);
        results.add("herald", Figure.E2E_P99, 3.8);
        results.add("herald", Figure.E2E_P99, 6.0);

        assertThat(results.spread("herald", Figure.E2E_P99)).contains(new Results.Spread(3.8, 6.0));
    }

    @Test
    void oneRoundHasNoSpread() {
        results.add("kafka", Figure.E2E_P99, 4.9);

        assertThat(results.spread("kafka", Figure.E2E_P99)).isEmpty();
    }

    @Test
    void ignoresValuesThatAreNotNumbers() {
        results.add("herald", Figure.CPU_PER_GIB, Double.NaN);

        assertThat(results.samples("herald", Figure.CPU_PER_GIB)).isEmpty();
    }
}
