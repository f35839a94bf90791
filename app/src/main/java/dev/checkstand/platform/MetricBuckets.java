package dev.checkstand.platform;

import java.time.Duration;

/** Histogram bucket bounds for timers, written in seconds as Prometheus shows them. */
public final class MetricBuckets {

    private MetricBuckets() {
    }

    public static Duration[] seconds(double... bounds) {
        Duration[] durations = new Duration[bounds.length];
        for (int i = 0; i < bounds.length; i++) {
            durations[i] = Duration.ofNanos(Math.round(bounds[i] * 1e9));
        }
        return durations;
    }
}
