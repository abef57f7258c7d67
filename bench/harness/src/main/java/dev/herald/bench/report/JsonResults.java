package dev.herald.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a results.json written by {@link JsonReport} back into {@link Results}, so the Markdown and the charts can
 * be redrawn without measuring again (after a change to the report's wording or layout). Figures unknown to this
 * version of the harness are skipped. Stateless.
 */
public final class JsonResults {

    private JsonResults() {
    }

    /** The results and the time they were generated at. */
    public record Loaded(Results results, String generatedAt) {
    }

    public static Loaded read(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
        Results results = new Results(root.path("mode").asText(), root.path("rounds").asInt());
        root.path("contenders").forEach(c -> results.addContender(new Results.ContenderInfo(
                c.path("id").asText(), c.path("label").asText(), c.path("herald").asBoolean())));
        root.path("comparisons").forEach(c -> results.addComparison(new Results.Comparison(
                c.path("herald").asText(), c.path("kafka").asText(), c.path("caption").asText())));
        root.path("machine").properties().forEach(e -> results.machine().put(e.getKey(), e.getValue().asText()));
        root.path("load").properties().forEach(e -> results.load().put(e.getKey(), e.getValue().asLong()));
        root.path("machine_limits").properties()
                .forEach(e -> results.limits().put(e.getKey(), e.getValue().asDouble()));
        root.path("figures").forEach(figure -> figure(figure.path("id").asText())
                .ifPresent(f -> samples(results, f, figure.path("samples"))));
        root.path("notes").forEach(note -> results.note(note.asText()));
        return new Loaded(results, root.path("generated_at").asText());
    }

    private static void samples(Results results, Figure figure, JsonNode samples) {
        for (Map.Entry<String, JsonNode> entry : samples.properties()) {
            entry.getValue().forEach(value -> results.add(entry.getKey(), figure, value.asDouble()));
        }
    }

    private static Optional<Figure> figure(String id) {
        return Arrays.stream(Figure.values()).filter(f -> f.id().equals(id)).findFirst();
    }
}
