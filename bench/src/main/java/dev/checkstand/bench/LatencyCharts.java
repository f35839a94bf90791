package dev.checkstand.bench;

import dev.checkstand.bench.load.Latencies;
import dev.checkstand.bench.report.LineChart;

/** Latency percentile curves: p50 to the maximum, one line per load. */
final class LatencyCharts {

    private static final double[] PERCENTILES = {50, 75, 90, 95, 99, 99.9, 100};
    private static final String[] LABELS = {"p50", "p75", "p90", "p95", "p99", "p99.9", "max"};

    private LatencyCharts() {
    }

    static LineChart percentiles(String title) {
        return new LineChart(title, "percentile", "ms").logY().categories(LABELS);
    }

    static void add(LineChart chart, String name, Latencies latencies) {
        double[] x = new double[PERCENTILES.length];
        double[] y = new double[PERCENTILES.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
            y[i] = latencies.percentileMillis(PERCENTILES[i]);
        }
        chart.line(name, x, y);
    }
}
