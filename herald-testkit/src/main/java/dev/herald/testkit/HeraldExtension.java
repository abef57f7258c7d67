package dev.herald.testkit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that runs a fresh in-process Herald ({@link EmbeddedHerald}: broker and schema registry on
 * free ports, temporary data) for each test class, and stops it and deletes its data after the class.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final HeraldExtension HERALD = new HeraldExtension();
 *
 * @Test
 * void publishesOrderPlaced() {
 *     var config = Map.<String, Object>of("bootstrap.servers", HERALD.bootstrapServers());
 *     ...
 * }
 * }</pre>
 * With {@code @ExtendWith(HeraldExtension.class)}, tests may instead take an {@link EmbeddedHerald} parameter.
 *
 * <p>Thread-safe once started.
 */
public final class HeraldExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
    private volatile EmbeddedHerald herald;

    @Override
    public void beforeAll(ExtensionContext context) {
        herald = EmbeddedHerald.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        EmbeddedHerald running = herald;
        herald = null;
        if (running != null) running.close();
    }

    /** The running Herald; available from {@code @BeforeAll} on. */
    public EmbeddedHerald herald() {
        EmbeddedHerald current = herald;
        if (current == null) {
            throw new IllegalStateException("HeraldExtension has not started: register it as a static field with "
                    + "@RegisterExtension, or use @ExtendWith(HeraldExtension.class)");
        }
        return current;
    }

    public String bootstrapServers() { return herald().bootstrapServers(); }

    public String registryUrl() { return herald().registryUrl(); }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == EmbeddedHerald.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return herald();
    }
}
