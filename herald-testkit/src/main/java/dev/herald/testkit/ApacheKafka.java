package dev.herald.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a test class the JVM's shared real Apache Kafka 4.4 broker; shorthand for
 * {@code @ExtendWith(ApacheKafkaExtension.class)}. Take it as a parameter:
 * <pre>{@code
 * @ApacheKafka
 * class SchemaStoreTest {
 *     @Test
 *     void storesSchemasInKafka(ApacheKafkaBroker kafka) { ... kafka.bootstrapServers() ... }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(ApacheKafkaExtension.class)
public @interface ApacheKafka {
}
