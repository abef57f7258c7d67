package dev.herald.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.util.List;
import java.util.stream.DoubleStream;

/**
 * Draws one grouped bar chart panel with Java2D: a group of bars per category, one bar per series, each labelled
 * with its value (or "n/a"), a zero-based y axis with grid lines, the panel's title and a legend. Stateless.
 */
final class BarChart {

    /** One bar colour and its values, one per category; null values are drawn as "n/a". */
    record Series(String name, Color color, List<Double> values) {
    }

    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 16);
    private static final Font TEXT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Font SMALL = new Font(Font.SANS_SERIF, Font.PLAIN, 10);
    private static final int LEFT = 70;
    private static final int TOP = 78;
    private static final int BOTTOM = 40;
    private static final int RIGHT = 20;

    private BarChart() {
    }

    /**
     * Draws the panel into {@code area}. A {@code logarithmic} axis suits figures spanning orders of magnitude
     * (latencies); values at or below zero then get no bar, only their label.
     */
    static void draw(Graphics2D g, Rectangle area, String title, String unit, List<String> categories,
                     List<Series> series, boolean logarithmic) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fill(area);
        g.setColor(Color.BLACK);
        g.setFont(TITLE);
        g.drawString(title, area.x + LEFT, area.y + 22);
        drawLegend(g, area, series);
        Rectangle plot = new Rectangle(area.x + LEFT, area.y + TOP, area.width - LEFT - RIGHT,
                area.height - TOP - BOTTOM);
        Axis axis = logarithmic ? Axis.logarithmic(series) : Axis.linear(series);
        drawAxis(g, plot, axis, unit);
        drawBars(g, plot, axis, categories, series);
    }

    /** Maps values to a 0..1 height; linear from zero, or logarithmic between two powers of ten. */
    private record Axis(double bottom, double top, boolean logarithmic) {

        static Axis linear(List<Series> series) {
            return new Axis(0, niceTop(max(series)), false);
        }

        static Axis logarithmic(List<Series> series) {
            double min = values(series).filter(v -> v > 0).min().orElse(1);
            double top = Math.ceil(Math.log10(max(series) * 1.5));
            double bottom = Math.min(Math.floor(Math.log10(min)), top - 1);
            return new Axis(bottom, top, true);
        }

        double fraction(double value) {
            if (!logarithmic) {
                return Math.min(value, top) / top;
            }
            return value <= 0 ? 0 : Math.max(0, (Math.log10(value) - bottom) / (top - bottom));
        }

        int ticks() {
            return logarithmic ? (int) (top - bottom) : 5;
        }

        double tickValue(int tick) {
            return logarithmic ? Math.pow(10, bottom + tick) : top * tick / 5;
        }
    }

    private static DoubleStream values(List<Series> series) {
        return series.stream().flatMap(s -> s.values().stream()).filter(v -> v != null)
                .mapToDouble(Double::doubleValue);
    }

    private static double max(List<Series> series) {
        return values(series).max().orElse(1);
    }

    private static void drawLegend(Graphics2D g, Rectangle area, List<Series> series) {
        g.setFont(TEXT);
        int x = area.x + LEFT;
        int y = area.y + 42;
        for (Series s : series) {
            if (x + 16 + g.getFontMetrics().stringWidth(s.name()) > area.x + area.width - RIGHT) {
                x = area.x + LEFT;
                y += 17;
            }
            g.setColor(s.color());
            g.fillRect(x, y - 10, 12, 12);
            g.setColor(Color.BLACK);
            g.drawString(s.name(), x + 16, y);
            x += 24 + g.getFontMetrics().stringWidth(s.name());
        }
    }

    private static void drawAxis(Graphics2D g, Rectangle plot, Axis axis, String unit) {
        g.setFont(SMALL);
        FontMetrics metrics = g.getFontMetrics();
        for (int i = 0; i <= axis.ticks(); i++) {
            double value = axis.tickValue(i);
            int y = plot.y + plot.height - (int) Math.round(plot.height * i / (double) axis.ticks());
            g.setColor(i == 0 ? Color.BLACK : new Color(225, 225, 225));
            g.drawLine(plot.x, y, plot.x + plot.width, y);
            g.setColor(Color.DARK_GRAY);
            String label = format(value);
            g.drawString(label, plot.x - 6 - metrics.stringWidth(label), y + 4);
        }
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1));
        g.drawLine(plot.x, plot.y, plot.x, plot.y + plot.height);
        g.drawString(axis.logarithmic() ? unit + " (log)" : unit, plot.x - LEFT + 6, plot.y - 8);
    }

    private static void drawBars(Graphics2D g, Rectangle plot, Axis axis, List<String> categories,
                                 List<Series> series) {
        int groupWidth = plot.width / Math.max(1, categories.size());
        int barWidth = Math.max(4, (int) (groupWidth * 0.8 / Math.max(1, series.size())));
        for (int c = 0; c < categories.size(); c++) {
            int groupX = plot.x + c * groupWidth + (int) (groupWidth * 0.1);
            for (int s = 0; s < series.size(); s++) {
                Double value = series.get(s).values().get(c);
                int x = groupX + s * barWidth;
                drawBar(g, plot, axis, x, barWidth, series.get(s).color(), value);
            }
            g.setFont(TEXT);
            g.setColor(Color.BLACK);
            String caption = categories.get(c);
            int captionX = plot.x + c * groupWidth + (groupWidth - g.getFontMetrics().stringWidth(caption)) / 2;
            g.drawString(caption, captionX, plot.y + plot.height + 18);
        }
    }

    private static void drawBar(Graphics2D g, Rectangle plot, Axis axis, int x, int width, Color color,
                                Double value) {
        g.setFont(SMALL);
        FontMetrics metrics = g.getFontMetrics();
        int baseline = plot.y + plot.height;
        String label = value == null ? "n/a" : format(value);
        int height = value == null ? 0 : (int) Math.round(plot.height * axis.fraction(value));
        g.setColor(color);
        g.fillRect(x + 1, baseline - height, width - 2, height);
        g.setColor(Color.BLACK);
        g.drawString(label, x + (width - metrics.stringWidth(label)) / 2, baseline - height - 3);
    }

    /** A round axis maximum a little above the largest value. */
    private static double niceTop(double max) {
        if (max <= 0) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(max * 1.1)));
        for (double step : new double[] {1, 2, 2.5, 5, 10}) {
            if (step * magnitude >= max * 1.1) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }

    static String format(double value) {
        if (value == 0) {
            return "0";
        }
        if (value >= 100) {
            return String.format("%,.0f", value);
        }
        if (value >= 10) {
            return String.format("%.1f", value);
        }
        return String.format("%.2f", value);
    }
}
