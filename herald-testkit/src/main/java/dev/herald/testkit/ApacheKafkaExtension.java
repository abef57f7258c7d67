package dev.herald.testkit;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension giving tests a real Apache Kafka 4.4 broker ({@link ApacheKafkaBroker}). One broker is shared
 * by every test class of the JVM (it takes about 4 s and 400 MB to start); it is started by the first class that
 * needs it and stopped, with its files deleted, when the test run ends. Topics therefore outlive a test class:
 * give each test its own topic and group names.
 *
 * <p>Either register it in a field and ask it for the address:
 * <pre>{@code
 * @RegisterExtension
 * static final ApacheKafkaExtension KAFKA = new ApacheKafkaExtension();
 *
 * @Test
 * void producesToKafka() {
 *     try (var producer = new KafkaProducer<>(Map.of("bootstrap.servers", KAFKA.bootstrapServers()), ...)) { ... }
 * }
 * }</pre>
 * or extend with it and take the broker as a parameter of a test, lifecycle method or constructor:
 * <pre>{@code
 * @ExtendWith(ApacheKafkaExtension.class)
 * class SchemaStoreTest {
 *     @Test
 *     void storesSchemas(ApacheKafkaBroker kafka) { ... kafka.bootstrapServers() ... }
 * }
 * }</pre>
 * Parameters of type {@link ApacheKafkaBroker} and {@link KafkaTarget} are resolved (the latter only outside
 * {@link OnEachBroker} tests, which resolve it themselves). {@link ApacheKafka} on a class is the same as
 * {@code @ExtendWith(ApacheKafkaExtension.class)}.
 *
 * <p>Thread-safe: the broker is started once under the root store's lock, and safe to share between parallel tests.
 */
public final class ApacheKafkaExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ApacheKafkaExtension.class);

    private volatile ApacheKafkaBroker broker;

    /** The shared broker of this JVM's test run, started on first use and stopped when the run ends. */
    public static ApacheKafkaBroker sharedBroker(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(ApacheKafkaBroker.class, key -> ApacheKafkaBroker.start(), ApacheKafkaBroker.class);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        broker = sharedBroker(context);
    }

    /** The broker; available from {@code @BeforeAll} on. */
    public ApacheKafkaBroker broker() {
        ApacheKafkaBroker current = broker;
        if (current == null) {
            throw new IllegalStateException("ApacheKafkaExtension has not started yet: register it as a static field "
                    + "with @RegisterExtension, or use @ExtendWith(ApacheKafkaExtension.class)");
        }
        return current;
    }

    public String bootstrapServers() {
        return broker().bootstrapServers();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == ApacheKafkaBroker.class
                || type == KafkaTarget.class && !parameter.getDeclaringExecutable().isAnnotationPresent(OnEachBroker.class);
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return sharedBroker(context);
    }
}
