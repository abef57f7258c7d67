package dev.herald.bench.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.DoubleSummaryStatistics;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything one harness run measured: per contender and figure, one sample per round; plus the machine's limits,
 * facts and notes. Reports read medians and ratios from here. Filled and read by the harness's main thread only.
 */
public final class Results {

    /** A broker set-up as the reports name it. */
    public record ContenderInfo(String id, String label, boolean herald) {
    }

    /**
     * A Herald/Kafka pairing whose ratio is reported for every figure (Herald's median divided by Kafka's).
     */
    public record Comparison(String heraldId, String kafkaId, String caption) {
        public String id() {
            return heraldId + "/" + kafkaId;
        }
    }

    private final String mode;
    private final int rounds;
    private final List<ContenderInfo> contenders = new ArrayList<>();
    private final List<Comparison> comparisons = new ArrayList<>();
    private final Map<String, Map<Figure, List<Double>>> samples = new LinkedHashMap<>();
    private final Map<String, Double> limits = new LinkedHashMap<>();
    private final Map<String, String> machine = new LinkedHashMap<>();
    private final Map<String, Object> load = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();

    public Results(String mode, int rounds) {
        this.mode = mode;
        this.rounds = rounds;
    }

    public void addContender(ContenderInfo contender) {
        contenders.add(contender);
        samples.put(contender.id(), new EnumMap<>(Figure.class));
    }

    public void addComparison(Comparison comparison) {
        comparisons.add(comparison);
    }

    public void add(String contenderId, Figure figure, double value) {
        if (Double.isFinite(value)) {
            samples.get(contenderId).computeIfAbsent(figure, f -> new ArrayList<>()).add(value);
        }
    }

    public void note(String note) {
        if (!notes.contains(note)) {
            notes.add(note);
        }
    }

    public Map<String, Double> limits() {
        return limits;
    }

    public Map<String, String> machine() {
        return machine;
    }

    public Map<String, Object> load() {
        return load;
    }

    public String mode() {
        return mode;
    }

    public int rounds() {
        return rounds;
    }

    public List<ContenderInfo> contenders() {
        return List.copyOf(contenders);
    }

    public List<Comparison> comparisons() {
        return List.copyOf(comparisons);
    }

    public List<String> notes() {
        return List.copyOf(notes);
    }

    public List<Double> samples(String contenderId, Figure figure) {
        return List.copyOf(samples.get(contenderId).getOrDefault(figure, List.of()));
    }

    public Optional<Double> median(String contenderId, Figure figure) {
        List<Double> values = samples(contenderId, figure);
        if (values.isEmpty()) {
            return Optional.empty();
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return Optional.of(sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2);
    }

    /** The lowest and the highest sample of a figure: how far the rounds spread around the median. */
    public record Spread(double min, double max) {
    }

    /** Empty with fewer than two samples, where there is no spread to show. */
    public Optional<Spread> spread(String contenderId, Figure figure) {
        List<Double> values = samples(contenderId, figure);
        if (values.size() < 2) {
            return Optional.empty();
        }
        DoubleSummaryStatistics statistics = values.stream().mapToDouble(Double::doubleValue).summaryStatistics();
        return Optional.of(new Spread(statistics.getMin(), statistics.getMax()));
    }

    /** Herald's median over Kafka's; empty when either is missing or Kafka's is zero. */
    public Optional<Double> ratio(Comparison comparison, Figure figure) {
        Optional<Double> herald = median(comparison.heraldId(), figure);
        Optional<Double> kafka = median(comparison.kafkaId(), figure);
        if (herald.isEmpty() || kafka.isEmpty() || kafka.get() == 0) {
            return Optional.empty();
        }
        return Optional.of(herald.get() / kafka.get());
    }
}
