package dev.herald.server.logging;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class LogLevelsTest {
    private final List<String> problems = new ArrayList<>();

    private LogLevels levels(String... keysAndValues) {
        Properties properties = new Properties();
        for (int i = 0; i < keysAndValues.length; i += 2) properties.setProperty(keysAndValues[i], keysAndValues[i + 1]);
        return LogLevels.from(properties, problems::add);
    }

    @Test
    void defaultsToInfoWithKafkaClientsAtWarn() {
        LogLevels levels = levels();

        assertThat(levels.thresholdOf("dev.herald.broker.Broker")).isEqualTo(LogLevels.INFO);
        assertThat(levels.thresholdOf("org.apache.kafka.clients.NetworkClient")).isEqualTo(LogLevels.WARN);
        assertThat(levels.thresholdOf("org.apache.kafkaesque.Thing")).as("a prefix ends at a dot").isEqualTo(LogLevels.INFO);
        assertThat(problems).isEmpty();
    }

    @Test
    void theMostSpecificSettingWins() {
        LogLevels levels = levels("herald.log.level", "ERROR", "herald.log.level.dev.herald", "debug",
                "herald.log.level.dev.herald.broker.group", "trace", "herald.log.level.org.apache.kafka", "off",
                "unrelated.property", "whatever");

        assertThat(levels.thresholdOf("dev.herald.broker.group.GroupCoordinator")).isEqualTo(LogLevels.TRACE);
        assertThat(levels.thresholdOf("dev.herald.broker.Broker")).isEqualTo(LogLevels.DEBUG);
        assertThat(levels.thresholdOf("dev.herald")).isEqualTo(LogLevels.DEBUG);
        assertThat(levels.thresholdOf("io.micrometer.core.instrument.MeterRegistry")).isEqualTo(LogLevels.ERROR);
        assertThat(levels.thresholdOf("org.apache.kafka.clients.NetworkClient")).isEqualTo(LogLevels.OFF);
        assertThat(problems).isEmpty();
    }

    @Test
    void aSettingThatNamesNoLevelIsReportedAndIgnored() {
        LogLevels levels = levels("herald.log.level", "loud", "herald.log.level.dev.herald.storage", "");

        assertThat(levels.thresholdOf("dev.herald.storage.log.Log")).isEqualTo(LogLevels.INFO);
        assertThat(problems).containsExactlyInAnyOrder(
                "herald: ignoring -Dherald.log.level=loud: the level must be one of trace, debug, info, warn, error, off",
                "herald: ignoring -Dherald.log.level.dev.herald.storage=: the level must be one of trace, debug, info, warn, error, off");
    }
}
