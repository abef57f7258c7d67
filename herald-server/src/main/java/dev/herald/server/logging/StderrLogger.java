package dev.herald.server.logging;

import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Writes each event as one line to {@link System#err}, followed by the stack trace of its exception if it has one:
 * <pre>
 *   2026-12-07T02:56:56.160Z [main] INFO dev.herald.broker.topic.TopicManager - Loaded 0 topics
 *   time in UTC (ISO-8601)    thread level  logger                                 message
 * </pre>
 * The time is UTC so that it needs no time-zone data and reads the same on every machine. Thread-safe: an event is
 * written with one {@code print} call, which {@link PrintStream} makes atomic, so lines of concurrent events do
 * not interleave. {@code System.err} is looked up per event, so a test that replaces it sees the lines.
 */
final class StderrLogger extends LegacyAbstractLogger {
    private final int threshold;

    StderrLogger(String name, int threshold) {
        this.name = name;
        this.threshold = threshold;
    }

    @Override public boolean isTraceEnabled() { return threshold <= LogLevels.TRACE; }
    @Override public boolean isDebugEnabled() { return threshold <= LogLevels.DEBUG; }
    @Override public boolean isInfoEnabled() { return threshold <= LogLevels.INFO; }
    @Override public boolean isWarnEnabled() { return threshold <= LogLevels.WARN; }
    @Override public boolean isErrorEnabled() { return threshold <= LogLevels.ERROR; }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
                                               Throwable throwable) {
        String message = MessageFormatter.basicArrayFormat(pattern, arguments);
        StringBuilder line = new StringBuilder(80 + name.length() + message.length());
        appendUtc(line, System.currentTimeMillis());
        line.append(" [").append(Thread.currentThread().getName()).append("] ").append(level)
                .append(' ').append(name).append(" - ").append(message).append(System.lineSeparator());
        if (throwable != null) {
            StringWriter trace = new StringWriter();
            throwable.printStackTrace(new PrintWriter(trace));
            line.append(trace);
        }
        PrintStream err = System.err;
        err.print(line);
        err.flush();
    }

    /** Appends {@code epochMillis} as {@code yyyy-MM-ddTHH:mm:ss.SSSZ}. */
    static void appendUtc(StringBuilder out, long epochMillis) {
        LocalDateTime time = LocalDateTime.ofEpochSecond(Math.floorDiv(epochMillis, 1000), 0, ZoneOffset.UTC);
        pad(out, time.getYear(), 4).append('-');
        pad(out, time.getMonthValue(), 2).append('-');
        pad(out, time.getDayOfMonth(), 2).append('T');
        pad(out, time.getHour(), 2).append(':');
        pad(out, time.getMinute(), 2).append(':');
        pad(out, time.getSecond(), 2).append('.');
        pad(out, (int) Math.floorMod(epochMillis, 1000), 3).append('Z');
    }

    private static StringBuilder pad(StringBuilder out, int value, int digits) {
        String text = Integer.toString(value);
        for (int i = text.length(); i < digits; i++) out.append('0');
        return out.append(text);
    }
}
