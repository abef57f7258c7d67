package dev.herald.bench.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ProcessStatsTest {

    @Test
    void countsAnExitedChildsCpuTimeOnceItIsWaitedFor() throws Exception {
        double before = ProcessStats.exitedChildrenCpuSeconds();
        // A child that only computes: its CPU time is close to its run time on an idle core, and never above it.
        Process child = new ProcessBuilder("bash", "-c", "i=0; while [ $i -lt 400000 ]; do i=$((i+1)); done")
                .inheritIO().start();
        long started = System.nanoTime();
        assertThat(child.waitFor(50, TimeUnit.SECONDS)).isTrue();
        double wallSeconds = (System.nanoTime() - started) / 1e9;
        double childCpu = ProcessStats.exitedChildrenCpuSeconds() - before;

        assertThat(child.exitValue()).isZero();
        assertThat(childCpu).as("CPU seconds of a child that ran %.2f s", wallSeconds)
                .isGreaterThan(Math.min(0.2, wallSeconds / 4))
                .isLessThanOrEqualTo(wallSeconds + 0.05);
    }

    @Test
    void readsThisProcessCpuTime() {
        double first = ProcessStats.cpuSeconds(ProcessHandle.current().pid());
        long spin = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
        long sum = 0;
        while (System.nanoTime() < spin) {
            sum += System.nanoTime() % 7;
        }
        assertThat(sum).isNotNegative();
        assertThat(ProcessStats.cpuSeconds(ProcessHandle.current().pid())).isGreaterThan(first);
    }
}
