package dev.herald.server.logging;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * SLF4J's entry to {@link StderrLogger}: found through {@code META-INF/services}, or named directly by
 * {@link #install()} so that SLF4J does not scan the class path for providers at start-up. Markers are accepted
 * and not written; the MDC is not kept (as with slf4j-simple).
 */
public final class StderrLoggingProvider implements SLF4JServiceProvider {
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new NOPMDCAdapter();
    private volatile ILoggerFactory loggers;

    /**
     * Makes this the provider SLF4J binds to, unless {@code -Dslf4j.provider} names another. Call before anything
     * logs. Also quiets SLF4J's own note that it loads a named provider, unless {@code -Dslf4j.internal.verbosity}
     * is set.
     */
    public static void install() {
        if (System.getProperty("slf4j.provider") != null) return;
        System.setProperty("slf4j.provider", StderrLoggingProvider.class.getName());
        if (System.getProperty("slf4j.internal.verbosity") == null) System.setProperty("slf4j.internal.verbosity", "WARN");
    }

    @Override
    public void initialize() {
        LogLevels levels = LogLevels.from(System.getProperties(), System.err::println);
        ConcurrentMap<String, Logger> byName = new ConcurrentHashMap<>();
        loggers = name -> byName.computeIfAbsent(name, n -> new StderrLogger(n, levels.thresholdOf(n)));
    }

    @Override public ILoggerFactory getLoggerFactory() { return loggers; }
    @Override public IMarkerFactory getMarkerFactory() { return markers; }
    @Override public MDCAdapter getMDCAdapter() { return mdc; }
    @Override public String getRequestedApiVersion() { return "2.0.99"; }
}
