package dev.herald.bench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes results.json: the run's mode and machine, then every figure with its unit, direction, samples per
 * contender (one per round), medians and Herald/Kafka ratios. Stateless.
 */
public final class JsonReport {

    private JsonReport() {
    }

    public static void write(Results results, Path file, String generatedAt) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("generated_at", generatedAt);
        root.put("mode", results.mode());
        root.put("rounds", results.rounds());
        root.put("machine", results.machine());
        root.put("load", results.load());
        root.put("machine_limits", results.limits());
        root.put("contenders", results.contenders());
        root.put("comparisons", results.comparisons().stream().map(JsonReport::comparison).toList());
        root.put("figures", figures(results));
        root.put("notes", results.notes());
        try {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), root);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }

    private static Map<String, Object> comparison(Results.Comparison comparison) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("id", comparison.id());
        entry.put("herald", comparison.heraldId());
        entry.put("kafka", comparison.kafkaId());
        entry.put("caption", comparison.caption());
        return entry;
    }

    private static List<Map<String, Object>> figures(Results results) {
        return Arrays.stream(Figure.values()).map(figure -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", figure.id());
            entry.put("label", figure.label());
            entry.put("unit", figure.unit());
            entry.put("better", figure.better().name().toLowerCase(Locale.ROOT));
            Map<String, Object> samples = new LinkedHashMap<>();
            Map<String, Object> medians = new LinkedHashMap<>();
            for (Results.ContenderInfo contender : results.contenders()) {
                samples.put(contender.id(), results.samples(contender.id(), figure));
                medians.put(contender.id(), results.median(contender.id(), figure).orElse(null));
            }
            Map<String, Object> ratios = new LinkedHashMap<>();
            for (Results.Comparison comparison : results.comparisons()) {
                ratios.put(comparison.id(), results.ratio(comparison, figure).orElse(null));
            }
            entry.put("samples", samples);
            entry.put("median", medians);
            entry.put("ratio_herald_over_kafka", ratios);
            return entry;
        }).toList();
    }
}
