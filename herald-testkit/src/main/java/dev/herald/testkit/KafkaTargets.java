package dev.herald.testkit;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;

/**
 * The brokers a compatibility scenario runs against, and the {@link OnEachBroker} machinery that runs it once per
 * broker. This class is the single place that knows which brokers exist: see {@link #heraldBroker}.
 *
 * <p>Selection: the system property {@value #TARGETS_PROPERTY} (comma-separated names; default: every available
 * broker). Naming a broker that is not available fails the test with the reason, so CI cannot pass vacuously.
 *
 * <p>Called by the JUnit engine from any thread; each broker is started at most once per JVM, under the root
 * store's lock, and closed by JUnit when the run ends.
 */
public final class KafkaTargets implements TestTemplateInvocationContextProvider {

    /** System property selecting brokers by name, e.g. {@code -Dherald.test.targets=herald,apache-kafka}. */
    public static final String TARGETS_PROPERTY = "herald.test.targets";

    /** The target name of Herald's in-process broker. */
    public static final String HERALD = "herald";

    /** A broker under test: its name and how to obtain the JVM-wide shared instance of it. */
    private record Candidate(String name, Optional<Function<ExtensionContext, KafkaTarget>> starter, String missingReason) {
    }

    /** Every broker known to the testkit, Herald first (it is the subject; Kafka is the oracle). */
    private static List<Candidate> candidates() {
        return List.of(heraldBroker(),
                new Candidate(ApacheKafkaBroker.NAME, Optional.of(ApacheKafkaExtension::sharedBroker), ""));
    }

    // ================================================================================================================
    // HERALD PLUG-IN POINT. This is the only place that decides whether tests also run against Herald: one
    // EmbeddedHerald per JVM, kept in the root store so that JUnit closes it (and deletes its data) when the run ends.
    // ================================================================================================================
    private static Candidate heraldBroker() {
        return new Candidate(HERALD, Optional.of(context -> context.getRoot()
                .getStore(ExtensionContext.Namespace.create(KafkaTargets.class))
                .getOrComputeIfAbsent(HERALD, key -> EmbeddedHerald.start(), EmbeddedHerald.class)), "");
    }

    /** The names of the brokers selected for this run, in order. */
    static List<String> selectedNames() {
        String property = System.getProperty(TARGETS_PROPERTY, "").strip();
        if (property.isEmpty()) {
            return candidates().stream().filter(c -> c.starter().isPresent()).map(Candidate::name).toList();
        }
        Set<String> known = candidates().stream().map(Candidate::name).collect(Collectors.toSet());
        List<String> names = Arrays.stream(property.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        for (String name : names) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException(TARGETS_PROPERTY + " names unknown broker '" + name + "'; known: "
                        + known);
            }
        }
        return names;
    }

    /** Starts (or reuses) the named broker of this JVM; fails with the reason if it is not available. */
    public static KafkaTarget target(String name, ExtensionContext context) {
        Candidate candidate = candidates().stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown broker '" + name + "'"));
        return candidate.starter()
                .orElseThrow(() -> new IllegalStateException("broker '" + name + "' is not available: "
                        + candidate.missingReason()))
                .apply(context);
    }

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return context.getTestMethod().map(m -> m.isAnnotationPresent(OnEachBroker.class)
                || Arrays.stream(m.getAnnotations()).anyMatch(a -> a.annotationType().isAnnotationPresent(OnEachBroker.class)))
                .orElse(false);
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        return selectedNames().stream().map(Invocation::new);
    }

    /** One run of an {@link OnEachBroker} test against the named broker. */
    private record Invocation(String name) implements TestTemplateInvocationContext {

        @Override
        public String getDisplayName(int invocationIndex) {
            return "[" + name + "]";
        }

        @Override
        public List<Extension> getAdditionalExtensions() {
            return List.of(new ParameterResolver() {
                @Override
                public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
                    return parameter.getParameter().getType() == KafkaTarget.class;
                }

                @Override
                public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
                    return target(name, context);
                }
            });
        }
    }
}
