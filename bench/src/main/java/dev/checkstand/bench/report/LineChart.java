package dev.checkstand.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/** A small line chart written as PNG with Java2D (headless): lines with markers, reference lines, linear or log axes. */
public final class LineChart {

    private static final int WIDTH = 900;
    private static final int HEIGHT = 500;
    private static final int LEFT = 80;
    private static final int RIGHT = 30;
    private static final int TOP = 50;
    private static final int BOTTOM = 60;
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
            new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b)};

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private boolean xLog;
    private boolean yLog;
    private String[] categories;
    private final List<Series> series = new ArrayList<>();
    private final List<Reference> references = new ArrayList<>();

    private record Series(String name, double[] x, double[] y, boolean markers) {
    }

    private record Reference(String name, double y, Color color) {
    }

    public LineChart(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    public LineChart logX() {
        this.xLog = true;
        return this;
    }

    /** Labels the x positions 0, 1, 2, ... with {@code labels} instead of numbers. */
    public LineChart categories(String... labels) {
        this.categories = labels.clone();
        return this;
    }

    public LineChart logY() {
        this.yLog = true;
        return this;
    }

    /** Adds a line through the points (x[i], y[i]); NaN points are skipped. */
    public LineChart line(String name, double[] x, double[] y) {
        series.add(new Series(name, x.clone(), y.clone(), x.length <= 40));
        return this;
    }

    /** Adds a dashed horizontal line, e.g. a target or a reference rate. */
    public LineChart reference(String name, double y) {
        references.add(new Reference(name, y, new Color(0x555555)));
        return this;
    }

    public void write(Path file) throws IOException {
        double[] xr = range(true);
        double[] yr = range(false);
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.setColor(Color.BLACK);
        g.drawString(title, LEFT, 28);
        Axis x = new Axis(xr[0], xr[1], xLog, LEFT, WIDTH - RIGHT);
        Axis y = new Axis(yr[0], yr[1], yLog, HEIGHT - BOTTOM, TOP);
        drawGrid(g, x, y);
        for (int i = 0; i < series.size(); i++) {
            drawSeries(g, series.get(i), PALETTE[i % PALETTE.length], x, y);
        }
        Stroke dashed = new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {8, 6}, 0);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (Reference r : references) {
            if (!y.contains(r.y())) {
                continue;
            }
            int py = y.pixel(r.y());
            g.setColor(r.color());
            g.setStroke(dashed);
            g.drawLine(LEFT, py, WIDTH - RIGHT, py);
            g.drawString(r.name(), LEFT + 6, py - 4);
        }
        drawLegend(g);
        g.dispose();
        Files.createDirectories(file.getParent());
        ImageIO.write(image, "png", file.toFile());
    }

    private void drawGrid(Graphics2D g, Axis x, Axis y) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics fm = g.getFontMetrics();
        List<Double> xTicks = x.ticks();
        if (categories != null) {
            xTicks = new ArrayList<>();
            for (int i = 0; i < categories.length; i++) {
                xTicks.add((double) i);
            }
        }
        for (double t : xTicks) {
            int px = x.pixel(t);
            g.setColor(new Color(0xe6e6e6));
            g.drawLine(px, TOP, px, HEIGHT - BOTTOM);
            g.setColor(Color.DARK_GRAY);
            String label = categories != null ? categories[(int) t] : format(t);
            g.drawString(label, px - fm.stringWidth(label) / 2, HEIGHT - BOTTOM + 18);
        }
        for (double t : y.ticks()) {
            int py = y.pixel(t);
            g.setColor(new Color(0xe6e6e6));
            g.drawLine(LEFT, py, WIDTH - RIGHT, py);
            g.setColor(Color.DARK_GRAY);
            String label = format(t);
            g.drawString(label, LEFT - 8 - fm.stringWidth(label), py + 4);
        }
        g.setColor(Color.BLACK);
        g.drawRect(LEFT, TOP, WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM);
        g.drawString(xLabel, LEFT + (WIDTH - LEFT - RIGHT) / 2 - fm.stringWidth(xLabel) / 2, HEIGHT - 18);
        Graphics2D rotated = (Graphics2D) g.create();
        rotated.rotate(-Math.PI / 2);
        rotated.drawString(yLabel, -(TOP + (HEIGHT - TOP - BOTTOM) / 2) - fm.stringWidth(yLabel) / 2, 18);
        rotated.dispose();
    }

    private static void drawSeries(Graphics2D g, Series s, Color color, Axis x, Axis y) {
        g.setColor(color);
        g.setStroke(new BasicStroke(2.2f));
        int lastX = Integer.MIN_VALUE;
        int lastY = 0;
        for (int i = 0; i < s.x().length; i++) {
            if (Double.isNaN(s.x()[i]) || Double.isNaN(s.y()[i]) || !x.contains(s.x()[i]) || !y.contains(s.y()[i])) {
                lastX = Integer.MIN_VALUE;
                continue;
            }
            int px = x.pixel(s.x()[i]);
            int py = y.pixel(s.y()[i]);
            if (lastX != Integer.MIN_VALUE) {
                g.drawLine(lastX, lastY, px, py);
            }
            if (s.markers()) {
                g.fillOval(px - 4, py - 4, 8, 8);
            }
            lastX = px;
            lastY = py;
        }
    }

    private void drawLegend(Graphics2D g) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics fm = g.getFontMetrics();
        int width = 0;
        for (Series s : series) {
            width = Math.max(width, fm.stringWidth(s.name()));
        }
        int boxX = WIDTH - RIGHT - width - 46;
        int boxY = TOP + 8;
        g.setColor(new Color(255, 255, 255, 230));
        g.fillRect(boxX, boxY, width + 38, series.size() * 18 + 8);
        g.setColor(Color.GRAY);
        g.drawRect(boxX, boxY, width + 38, series.size() * 18 + 8);
        for (int i = 0; i < series.size(); i++) {
            int ly = boxY + 18 + i * 18;
            g.setColor(PALETTE[i % PALETTE.length]);
            g.setStroke(new BasicStroke(2.2f));
            g.drawLine(boxX + 6, ly - 4, boxX + 26, ly - 4);
            g.setColor(Color.BLACK);
            g.drawString(series.get(i).name(), boxX + 32, ly);
        }
    }

    private double[] range(boolean horizontal) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        boolean log = horizontal ? xLog : yLog;
        for (Series s : series) {
            for (double v : horizontal ? s.x() : s.y()) {
                if (!Double.isNaN(v) && !Double.isInfinite(v) && (!log || v > 0)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        if (!horizontal) {
            for (Reference r : references) {
                if (!log || r.y() > 0) {
                    min = Math.min(min, r.y());
                    max = Math.max(max, r.y());
                }
            }
        }
        if (min == Double.POSITIVE_INFINITY) {
            return new double[] {log ? 1 : 0, log ? 10 : 1};
        }
        if (log) {
            return new double[] {Math.pow(10, Math.floor(Math.log10(min))), Math.pow(10, Math.ceil(Math.log10(max * 1.0001)))};
        }
        if (horizontal && categories != null) {
            return new double[] {-0.3, categories.length - 0.7};
        }
        double lo = horizontal ? min : Math.min(0, min);
        double hi = max == lo ? lo + 1 : max + (max - lo) * (horizontal ? 0.03 : 0.08);
        return new double[] {lo, hi};
    }

    static String format(double v) {
        double a = Math.abs(v);
        if (a >= 1_000_000 && a % 1_000_000 == 0) {
            return (long) (v / 1_000_000) + "M";
        }
        if (a >= 10_000 && a % 1_000 == 0) {
            return (long) (v / 1_000) + "k";
        }
        if (a >= 100 || v == Math.rint(v)) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 1) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }

    /** A linear or log axis mapped onto pixels from {@code p0} (at min) to {@code p1} (at max). */
    private record Axis(double min, double max, boolean log, int p0, int p1) {

        boolean contains(double v) {
            return v >= min - 1e-9 * Math.abs(min) && v <= max + 1e-9 * Math.abs(max) && (!log || v > 0);
        }

        int pixel(double v) {
            double f = log ? (Math.log10(v) - Math.log10(min)) / (Math.log10(max) - Math.log10(min))
                    : (v - min) / (max - min);
            return (int) Math.round(p0 + f * (p1 - p0));
        }

        List<Double> ticks() {
            List<Double> ticks = new ArrayList<>();
            if (log) {
                for (double d = min; d <= max * 1.0001; d *= 10) {
                    ticks.add(d);
                }
                return ticks;
            }
            double step = nice((max - min) / 6);
            for (double t = Math.ceil(min / step) * step; t <= max + step * 1e-9; t += step) {
                ticks.add(Math.abs(t) < step * 1e-9 ? 0 : t);
            }
            return ticks;
        }

        private static double nice(double raw) {
            double exponent = Math.pow(10, Math.floor(Math.log10(raw)));
            double fraction = raw / exponent;
            double nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
            return nice * exponent;
        }
    }
}
