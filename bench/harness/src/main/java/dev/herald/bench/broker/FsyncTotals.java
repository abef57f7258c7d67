package dev.herald.bench.broker;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Herald's fsync totals from its Prometheus endpoint. Under {@code --fsync always}: group-commit rounds, seconds
 * spent in them and appends they made durable ({@code herald_fsync_seconds_count}, {@code _sum},
 * {@code herald_fsync_writes_sum}). Under {@code --fsync interval:MS}: the periodic flushes and their seconds
 * ({@code herald_interval_flush_seconds_count}, {@code _sum}; zero from a build without that meter). The counters
 * only grow, so the difference of two readings describes exactly the work between them, where Micrometer's
 * quantiles and maximum cover a sliding window instead. Immutable.
 */
public record FsyncTotals(double rounds, double seconds, double appends, double flushes, double flushSeconds) {

    /** Group-commit totals alone, no periodic flushes. */
    public FsyncTotals(double rounds, double seconds, double appends) {
        this(rounds, seconds, appends, 0, 0);
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Reads the totals; empty when the endpoint does not answer or shows no fsync metrics (Kafka, or no fsync). */
    public static Optional<FsyncTotals> read(URI metrics) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(5))
                    .build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? parse(response.body()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The totals in a Prometheus text exposition; empty if any of the three series is missing. */
    static Optional<FsyncTotals> parse(String exposition) {
        Map<String, Double> values = new HashMap<>();
        for (String line : exposition.split("\n")) {
            if (line.startsWith("#")) {
                continue;
            }
            String[] parts = line.trim().split("\\s+");
            if (parts.length < 2) {
                continue;
            }
            // A series without labels, or with labels (an embedder's common tags): the name ends at '{'.
            int labels = parts[0].indexOf('{');
            String name = labels < 0 ? parts[0] : parts[0].substring(0, labels);
            try {
                values.merge(name, Double.parseDouble(parts[1]), Double::sum);
            } catch (NumberFormatException e) {
                // not a sample line
            }
        }
        Double rounds = values.get("herald_fsync_seconds_count");
        Double seconds = values.get("herald_fsync_seconds_sum");
        Double appends = values.get("herald_fsync_writes_sum");
        if (rounds == null || seconds == null || appends == null) {
            return Optional.empty();
        }
        return Optional.of(new FsyncTotals(rounds, seconds, appends,
                values.getOrDefault("herald_interval_flush_seconds_count", 0.0),
                values.getOrDefault("herald_interval_flush_seconds_sum", 0.0)));
    }

    /** The work between {@code earlier} and this reading. */
    public FsyncTotals since(FsyncTotals earlier) {
        return new FsyncTotals(rounds - earlier.rounds, seconds - earlier.seconds, appends - earlier.appends,
                flushes - earlier.flushes, flushSeconds - earlier.flushSeconds);
    }

    /** Mean duration of one round in milliseconds; NaN when there were none. */
    public double meanMs() {
        return rounds == 0 ? Double.NaN : seconds * 1000 / rounds;
    }

    /** Mean duration of one periodic flush in milliseconds; NaN when there were none. */
    public double flushMeanMs() {
        return flushes == 0 ? Double.NaN : flushSeconds * 1000 / flushes;
    }

    /** Mean appends made durable per round; NaN when there were none. */
    public double appendsPerRound() {
        return rounds == 0 ? Double.NaN : appends / rounds;
    }
}
