package dev.herald.broker.topic;

import dev.herald.storage.index.IndexFiles;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Reads and writes the broker's metadata files (cluster identity, topic metadata, dynamic settings) in the format that
 * {@link java.util.Properties#load} reads: a comment line, then one {@code key=value} line per entry, sorted by key,
 * in ASCII with every other character escaped as {@code \}{@code uXXXX}.
 *
 * <p>Not {@link java.util.Properties#store}, which also writes the current date as a comment: formatting that
 * date loads the JDK's time-zone names, ~10 ms on a new data folder's path to ready, for a line nothing reads.
 * Stateless and thread-safe.
 */
public final class MetadataFile {
    private MetadataFile() { }

    /** The entries of {@code file}, sorted by key; a file this class did not write is read as {@code Properties.load} reads it. */
    public static Map<String, String> read(Path file) throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
        Map<String, String> entries = new TreeMap<>();
        for (String key : properties.stringPropertyNames()) entries.put(key, properties.getProperty(key));
        return entries;
    }

    /** Writes {@code entries} to {@code file} durably (see {@link IndexFiles#writeDurably}). */
    public static void write(Path file, String comment, Map<String, String> entries) throws IOException {
        IndexFiles.writeDurably(file, ByteBuffer.wrap(text(comment, entries).getBytes(StandardCharsets.US_ASCII)));
    }

    /** The file's content; {@code comment} must be one line. */
    static String text(String comment, Map<String, String> entries) {
        if (comment.indexOf('\n') >= 0 || comment.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("a one-line comment, not " + comment);
        }
        StringBuilder text = new StringBuilder("#").append(comment).append('\n');
        new TreeMap<>(entries).forEach((key, value) -> {
            escape(text, key, true);
            text.append('=');
            escape(text, value, false);
            text.append('\n');
        });
        return text.toString();
    }

    /**
     * Appends {@code s} so that {@code Properties.load} reads it back unchanged: a key's spaces and a value's
     * leading space would otherwise end the key or be dropped, and {@code = : # !} would start a value or a comment.
     */
    private static void escape(StringBuilder out, String s, boolean key) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\f' -> out.append("\\f");
                case '=', ':', '#', '!' -> out.append('\\').append(c);
                case ' ' -> out.append(key || i == 0 ? "\\ " : " ");
                default -> {
                    if (c >= 0x20 && c <= 0x7e) {
                        out.append(c);
                    } else {
                        out.append("\\u");
                        String hex = Integer.toHexString(c);
                        for (int pad = hex.length(); pad < 4; pad++) out.append('0');
                        out.append(hex);
                    }
                }
            }
        }
    }
}
