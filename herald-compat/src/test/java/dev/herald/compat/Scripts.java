package dev.herald.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Where the scenario scripts live, and reading the one JSON object each prints as its last stdout line. */
final class Scripts {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Scripts() {
    }

    /** {@code herald-compat/}, from the build, or the working folder when run from the module. */
    static Path moduleDirectory() {
        String configured = System.getProperty("herald.compat.dir");
        Path directory = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath();
        if (!Files.isDirectory(directory.resolve("src/test/python"))) {
            throw new IllegalStateException("cannot find herald-compat's scripts under " + directory
                    + "; run through Maven or set -Dherald.compat.dir");
        }
        return directory;
    }

    static JsonNode json(ExternalCommand.Result result) {
        List<String> lines = result.stdoutLines();
        if (lines.isEmpty()) {
            throw new AssertionError(result.describe("printed no JSON"));
        }
        try {
            return JSON.readTree(lines.getLast());
        } catch (Exception e) {
            throw new AssertionError(result.describe("printed no JSON on its last line: " + e.getMessage()), e);
        }
    }
}
