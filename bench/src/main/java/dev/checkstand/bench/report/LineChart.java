package dev.checkstand.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.geom.Ellipse2D;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.HorizontalAlignment;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A small line chart written as PNG with JFreeChart (headless): lines with markers, labelled reference lines, linear
 * or log axes, optional category labels on x.
 */
public final class LineChart {

    private static final int WIDTH = 900;
    private static final int HEIGHT = 500;
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
            new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b)};
    private static final Color GRID = new Color(0xe6e6e6);
    private static final Color REFERENCE = new Color(0x555555);
    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 16);
    private static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    private static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

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

    private record Reference(String name, double y) {
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

    /** Labels the x positions 0, 1, 2, ... with {@code labels} instead of numbers (a linear x axis). */
    public LineChart categories(String... labels) {
        this.categories = labels.clone();
        return this;
    }

    public LineChart logY() {
        this.yLog = true;
        return this;
    }

    /**
     * Adds a line through the points (x[i], y[i]); NaN points, and points not above zero on a log axis, are skipped and
     * leave a gap in the line.
     */
    public LineChart line(String name, double[] x, double[] y) {
        series.add(new Series(name, x.clone(), y.clone(), x.length <= 40));
        return this;
    }

    /** Adds a dashed, labelled horizontal line, e.g. a target or a reference rate. */
    public LineChart reference(String name, double y) {
        references.add(new Reference(name, y));
        return this;
    }

    public void write(Path file) throws IOException {
        boolean categorical = categories != null;
        boolean logX = xLog && !categorical;
        double[] xr = range(true, logX);
        double[] yr = range(false, yLog);

        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            XYSeries points = new XYSeries(i + ": " + s.name(), false, true);
            for (int k = 0; k < Math.min(s.x().length, s.y().length); k++) {
                double x = s.x()[k];
                double y = s.y()[k];
                boolean shown = plottable(x, logX) && plottable(y, yLog);
                // a NaN point breaks the line there, as a skipped point did before
                points.add(shown ? x : Double.NaN, shown ? y : Double.NaN);
            }
            data.addSeries(points);
            Color color = PALETTE[i % PALETTE.length];
            renderer.setSeriesPaint(i, color);
            renderer.setSeriesStroke(i, new BasicStroke(2.2f));
            renderer.setSeriesShape(i, new Ellipse2D.Double(-4, -4, 8, 8));
            renderer.setSeriesShapesVisible(i, s.markers());
        }
        // series keys must be unique in the collection; the legend shows the caller's names
        renderer.setLegendItemLabelGenerator((dataset, index) -> series.get(index).name());

        XYPlot plot = new XYPlot(data, xAxis(xr, logX), yAxis(yr), renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlinePaint(Color.BLACK);
        plot.setOutlineStroke(new BasicStroke(1f));
        plot.setDomainGridlinePaint(GRID);
        plot.setRangeGridlinePaint(GRID);
        plot.setDomainGridlineStroke(new BasicStroke(1f));
        plot.setRangeGridlineStroke(new BasicStroke(1f));
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);

        Stroke dashed = new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {8, 6}, 0);
        for (Reference r : references) {
            if (!plottable(r.y(), yLog)) {
                continue;
            }
            ValueMarker marker = new ValueMarker(r.y(), REFERENCE, dashed);
            marker.setLabel(r.name());
            marker.setLabelFont(TICK_FONT);
            marker.setLabelPaint(REFERENCE);
            marker.setLabelBackgroundColor(new Color(255, 255, 255, 200));
            marker.setLabelAnchor(RectangleAnchor.TOP_LEFT);
            marker.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
            marker.setLabelOffset(new RectangleInsets(2, 6, 2, 6));
            plot.addRangeMarker(marker);
        }

        JFreeChart chart = new JFreeChart(null, TITLE_FONT, plot, !series.isEmpty());
        TextTitle heading = new TextTitle(title, TITLE_FONT);
        heading.setHorizontalAlignment(HorizontalAlignment.LEFT);
        heading.setPadding(new RectangleInsets(4, 8, 8, 8));
        chart.setTitle(heading);
        LegendTitle legend = chart.getLegend();
        if (legend != null) {
            legend.setItemFont(TICK_FONT);
            legend.setPosition(RectangleEdge.BOTTOM);
            legend.setFrame(BlockBorder.NONE);
            legend.setBackgroundPaint(Color.WHITE);
        }
        chart.setBackgroundPaint(Color.WHITE);
        chart.setPadding(new RectangleInsets(8, 8, 8, 16));
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(RenderingHints.VALUE_TEXT_ANTIALIAS_ON);

        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
    }

    private ValueAxis xAxis(double[] range, boolean log) {
        ValueAxis axis;
        if (categories != null) {
            SymbolAxis symbols = new SymbolAxis(xLabel, categories);
            symbols.setGridBandsVisible(false);
            axis = symbols;
        } else {
            axis = log ? logAxis(xLabel) : numberAxis(xLabel);
        }
        return styled(axis, range);
    }

    private ValueAxis yAxis(double[] range) {
        return styled(yLog ? logAxis(yLabel) : numberAxis(yLabel), range);
    }

    private static ValueAxis logAxis(String label) {
        LogAxis axis = new LogAxis(label);
        axis.setBase(10);
        // one labelled tick per decade, as plain numbers (1k, 10k, ...) rather than powers of ten
        axis.setTickUnit(new NumberTickUnit(1), false, true);
        axis.setNumberFormatOverride(TickFormat.INSTANCE);
        axis.setMinorTickMarksVisible(true);
        return axis;
    }

    private static ValueAxis numberAxis(String label) {
        NumberAxis axis = new NumberAxis(label);
        axis.setAutoRangeIncludesZero(false);
        axis.setNumberFormatOverride(TickFormat.INSTANCE);
        return axis;
    }

    private static ValueAxis styled(ValueAxis axis, double[] range) {
        axis.setLabelFont(LABEL_FONT);
        axis.setLabelPaint(Color.BLACK);
        axis.setTickLabelFont(TICK_FONT);
        axis.setTickLabelPaint(Color.DARK_GRAY);
        axis.setAxisLineVisible(false);
        if (axis instanceof LogAxis) {
            // 10^k computed by the axis may fall a rounding error outside the range and lose the end decades' ticks
            axis.setRange(range[0] * (1 - 1e-9), range[1] * (1 + 1e-9));
        } else {
            axis.setRange(range[0], range[1]);
        }
        return axis;
    }

    private static boolean plottable(double v, boolean log) {
        return !Double.isNaN(v) && !Double.isInfinite(v) && (!log || v > 0);
    }

    /**
     * The axis range: whole decades on a log axis; from zero (or below) with 8 % headroom for y; the data's span plus 3 %
     * for a numeric x; -0.3 to n - 0.7 for categories. References count for y.
     */
    private double[] range(boolean horizontal, boolean log) {
        if (horizontal && categories != null) {
            return new double[] {-0.3, Math.max(categories.length, 1) - 0.7};
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (double v : horizontal ? s.x() : s.y()) {
                if (plottable(v, log)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        if (!horizontal) {
            for (Reference r : references) {
                if (plottable(r.y(), log)) {
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

    /** Tick labels in the report's style ({@link #format(double)}): 250, 10k, 1M, 2.5, 0.100. */
    private static final class TickFormat extends NumberFormat {

        static final TickFormat INSTANCE = new TickFormat();

        @Override
        public StringBuffer format(double number, StringBuffer toAppendTo, FieldPosition pos) {
            // a log axis computes decades as 10^k, which is not always exact (e.g. 1000.0000000000001)
            double rounded = Math.abs(number) >= 1 ? Math.rint(number * 1e6) / 1e6 : Double.parseDouble(
                    String.format(Locale.ROOT, "%.6g", number));
            return toAppendTo.append(LineChart.format(rounded));
        }

        @Override
        public StringBuffer format(long number, StringBuffer toAppendTo, FieldPosition pos) {
            return toAppendTo.append(LineChart.format(number));
        }

        @Override
        public Number parse(String source, ParsePosition parsePosition) {
            return null;
        }
    }
}
