package dev.herald.bench.report;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Writes the PNG charts of a run into the output folder: producer and consumer throughput, latency, and the
 * process footprint (start, shutdown, memory, CPU per GiB, one panel each as their units differ). Bars are the
 * medians over rounds. Stateless.
 */
public final class Charts {

    private static final Color[] HERALD = {new Color(0, 110, 120), new Color(90, 185, 190)};
    private static final Color[] KAFKA = {new Color(200, 90, 20), new Color(240, 170, 110)};
    private static final int WIDTH = 1100;
    private static final int PANEL_HEIGHT = 380;

    private Charts() {
    }

    /** Writes every chart and returns the file names written. */
    public static List<String> write(Results results, Path folder, String subtitle) {
        List<String> files = new ArrayList<>();
        files.add(single(results, folder, "producer-throughput.png", Figure.Chart.PRODUCE,
                "Producer throughput (ProducerPerformance), median " + subtitle, "MiB/s", false));
        files.add(single(results, folder, "consumer-throughput.png", Figure.Chart.CONSUME,
                "Consumer throughput, median " + subtitle, "MiB/s", false));
        files.add(single(results, folder, "latency.png", Figure.Chart.LATENCY,
                "Latency, 1 KiB acks=all (lower is better, log scale), median " + subtitle, "ms", true));
        files.add(footprint(results, folder, subtitle));
        return files;
    }

    private static String single(Results results, Path folder, String name, Figure.Chart chart, String title,
                                 String unit, boolean logarithmic) {
        List<Figure> figures = figures(chart);
        BufferedImage image = new BufferedImage(WIDTH, PANEL_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        BarChart.draw(g, new Rectangle(0, 0, WIDTH, PANEL_HEIGHT), title, unit,
                figures.stream().map(Figure::shortLabel).toList(), series(results, figures), logarithmic);
        g.dispose();
        save(image, folder.resolve(name));
        return name;
    }

    private static String footprint(Results results, Path folder, String subtitle) {
        List<Figure> figures = figures(Figure.Chart.FOOTPRINT);
        int columns = 2;
        int rows = (figures.size() + columns - 1) / columns;
        BufferedImage image = new BufferedImage(WIDTH, PANEL_HEIGHT * rows, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        for (int i = 0; i < figures.size(); i++) {
            Figure figure = figures.get(i);
            Rectangle area = new Rectangle((i % columns) * WIDTH / columns, (i / columns) * PANEL_HEIGHT,
                    WIDTH / columns, PANEL_HEIGHT);
            BarChart.draw(g, area, figure.shortLabel() + ", lower is better", figure.unit(),
                    List.of(subtitle), series(results, List.of(figure)), false);
        }
        g.dispose();
        String name = "footprint.png";
        save(image, folder.resolve(name));
        return name;
    }

    private static List<Figure> figures(Figure.Chart chart) {
        return Arrays.stream(Figure.values()).filter(f -> f.chart() == chart).toList();
    }

    private static List<BarChart.Series> series(Results results, List<Figure> figures) {
        List<BarChart.Series> series = new ArrayList<>();
        int heralds = 0;
        int kafkas = 0;
        for (Results.ContenderInfo contender : results.contenders()) {
            Color color = contender.herald() ? HERALD[heralds++ % HERALD.length] : KAFKA[kafkas++ % KAFKA.length];
            List<Double> values = figures.stream()
                    .map(f -> results.median(contender.id(), f).orElse(null)).toList();
            series.add(new BarChart.Series(contender.label(), color, values));
        }
        return series;
    }

    private static void save(BufferedImage image, Path file) {
        try {
            ImageIO.write(image, "png", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }
}
