package dev.herald.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@ApacheKafka
@Order(3)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ApacheKafkaAnnotationTest {

    private static String bootstrapBeforeAll;

    @BeforeAll
    static void seesTheBrokerBeforeAll(ApacheKafkaBroker kafka) {
        bootstrapBeforeAll = kafka.bootstrapServers();
    }

    @Test
    void injectsTheSharedBroker(ApacheKafkaBroker kafka) {
        assertThat(kafka.isAlive()).isTrue();
        assertThat(kafka.bootstrapServers()).isEqualTo(bootstrapBeforeAll);
    }
}
