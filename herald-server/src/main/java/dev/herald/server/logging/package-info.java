/**
 * The logging backend of the {@code herald} command: SLF4J's loggers write one line per event to standard error.
 * It replaces slf4j-simple, whose timestamps go through {@link java.text.SimpleDateFormat}: creating one loads the
 * JDK's locale data, ~40 ms on the path to {@code serve}'s ready line. Libraries that embed Herald bring their own
 * backend; only the server module ships this one.
 */
package dev.herald.server.logging;
