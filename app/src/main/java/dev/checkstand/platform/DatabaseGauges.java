package dev.checkstand.platform;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Gauges whose values are read from the database, so every instance reports the same truth (a backlog, a count of
 * orders needing attention) whichever one Prometheus asks. Each module registers its own readings; they are refreshed
 * together on one background thread every {@code checkstand.metrics.database-refresh} (15 s by default: a handful of
 * indexed queries per instance), never on the scrape thread, so a slow database cannot stall a scrape. A reading that
 * fails keeps its last values and is logged once until it succeeds again.
 */
@Component
public class DatabaseGauges implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DatabaseGauges.class);
    /** Label values beyond the known ones a reading may add: bounds the series a surprising table could create. */
    private static final int MAX_UNKNOWN_ROWS = 50;

    private final MeterRegistry meters;
    private final Duration interval;
    private final List<Reading> readings = new CopyOnWriteArrayList<>();
    private ScheduledExecutorService refresher;

    DatabaseGauges(MeterRegistry meters, @Value("${checkstand.metrics.database-refresh:15s}") Duration interval) {
        this.meters = meters;
        this.interval = interval;
    }

    /** A gauge without labels; {@code baseUnit} may be null. */
    public void register(String name, String description, String baseUnit, Supplier<? extends Number> reading) {
        register(name, description, baseUnit, List.of(Tags.empty()), () -> Map.of(Tags.empty(), reading.get()));
    }

    /**
     * A gauge with one series per label set: the {@code known} ones always (at 0 when the reading has none), and up to
     * a bounded number of others the reading returns.
     */
    public void register(String name, String description, String baseUnit, List<Tags> known,
            Supplier<Map<Tags, ? extends Number>> reading) {
        MultiGauge.Builder builder = MultiGauge.builder(name).description(description);
        if (baseUnit != null) {
            builder.baseUnit(baseUnit);
        }
        Reading registered = new Reading(name, builder.register(meters), List.copyOf(known), reading);
        registered.publish(Map.of());
        readings.add(registered);
    }

    /** Reads every gauge now, on the caller's thread (tests; the background thread does it on its own). */
    public void refresh() {
        readings.forEach(Reading::refresh);
    }

    @Override
    public synchronized void start() {
        refresher = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "database-gauges");
            thread.setDaemon(true);
            return thread;
        });
        refresher.scheduleWithFixedDelay(this::refreshQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (refresher != null) {
            refresher.shutdownNow();
            refresher = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return refresher != null;
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            log.warn("Database gauges could not be refreshed: {}", e.toString());
        }
    }

    private static final class Reading {

        private final String name;
        private final MultiGauge gauge;
        private final List<Tags> known;
        private final Supplier<Map<Tags, ? extends Number>> source;
        private volatile boolean failing;

        Reading(String name, MultiGauge gauge, List<Tags> known, Supplier<Map<Tags, ? extends Number>> source) {
            this.name = name;
            this.gauge = gauge;
            this.known = known;
            this.source = source;
        }

        void refresh() {
            Map<Tags, ? extends Number> values;
            try {
                values = source.get();
            } catch (RuntimeException e) {
                if (!failing) {
                    log.warn("Gauge {} could not be read from the database; it keeps its last values: {}", name,
                            e.toString());
                }
                failing = true;
                return;
            }
            if (failing) {
                log.info("Gauge {} is read from the database again", name);
            }
            failing = false;
            publish(values);
        }

        void publish(Map<Tags, ? extends Number> values) {
            Map<Tags, Number> rows = new LinkedHashMap<>();
            known.forEach(tags -> rows.put(tags, 0));
            int unknown = 0;
            for (Map.Entry<Tags, ? extends Number> value : values.entrySet()) {
                if (rows.containsKey(value.getKey()) || unknown++ < MAX_UNKNOWN_ROWS) {
                    rows.put(value.getKey(), value.getValue());
                }
            }
            List<MultiGauge.Row<?>> series = new ArrayList<>();
            rows.forEach((tags, number) -> series.add(MultiGauge.Row.of(tags, number.doubleValue())));
            gauge.register(series, true);
        }
    }
}
