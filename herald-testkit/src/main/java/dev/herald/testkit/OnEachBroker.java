package dev.herald.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test once per broker under test, each run getting that broker as a {@link KafkaTarget} parameter:
 * <pre>{@code
 * @OnEachBroker
 * void readsKeyedRecordsBackByOffset(KafkaTarget broker) {
 *     try (var admin = Admin.create(broker.clientConfig())) { ... }
 * }
 * }</pre>
 * The runs are named {@code [apache-kafka]} and {@code [herald]}. Which brokers exist and how they start is decided
 * in one place, {@link KafkaTargets}. Brokers are shared per JVM and started on first use, so a run of only Herald
 * tests never starts Kafka. {@code -Dherald.test.targets=herald} (or {@code apache-kafka}) restricts the runs.
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@TestTemplate
@ExtendWith(KafkaTargets.class)
public @interface OnEachBroker {
}
