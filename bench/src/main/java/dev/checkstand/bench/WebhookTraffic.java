package dev.checkstand.bench;

import static dev.checkstand.bench.report.Report.ms;
import static dev.checkstand.bench.report.Report.num;

import dev.checkstand.bench.data.EventTemplate;
import dev.checkstand.bench.load.LoadGenerator;
import java.time.Duration;
import java.util.List;

/** Signed webhook requests for one deployment, sent open or closed loop, and the table rows that report them. */
final class WebhookTraffic {

    /** The service's database pool (Hikari's default of 10): the reference and the saturation runs use as many. */
    static final int CLIENTS = 10;
    static final int OPEN_LOOP_CONNECTIONS = 64;

    private final Deployment deployment;
    private final EventTemplate events;
    private long next;

    /** One open-loop rate: what was offered, what came back, and how long the inbox took to drain afterwards. */
    record Step(double offered, LoadGenerator.Run run, double drainSeconds, Machine.Conditions conditions,
            MemorySampler.Gc gc) {
    }

    /** Events for seeded orders {@code first}, {@code first + 1}, ... */
    WebhookTraffic(Deployment deployment, long first) {
        this.deployment = deployment;
        this.events = EventTemplate.capture(deployment.stripe);
        this.next = first;
    }

    EventTemplate events() {
        return events;
    }

    long nextOrder() {
        return next;
    }

    /** The next {@code n} events, signed now. */
    byte[][] requests(int n) {
        String secret = deployment.stripe.webhookSecret();
        byte[][] requests = new byte[n][];
        for (int i = 0; i < n; i++) {
            requests[i] = events.signedRequest(secret, next++, 0);
        }
        return requests;
    }

    LoadGenerator.Run openLoop(double rate, double seconds) {
        return deployment.load.openLoop(requests((int) (rate * seconds)), rate, OPEN_LOOP_CONNECTIONS, Duration.ofSeconds(5));
    }

    LoadGenerator.Run closedLoop(int n) {
        return closedLoop(n, CLIENTS);
    }

    LoadGenerator.Run closedLoop(int n, int clients) {
        return deployment.load.closedLoop(requests(n), clients, Duration.ofSeconds(120));
    }

    static String header() {
        return "| offered /s | acknowledged /s | p50 | p99 | p99.9 | max | failed | not sent | drain after | service GC | conditions |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|\n";
    }

    static String row(Step step) {
        LoadGenerator.Run r = step.run();
        return "| " + num(step.offered()) + " | " + num(r.throughput()) + " | " + ms(r.latency().p50()) + " | "
                + ms(r.latency().p99()) + " | " + ms(r.latency().percentileMillis(99.9)) + " | "
                + ms(r.latency().maxMillis()) + " | " + r.failed() + " | " + r.notSent() + " | "
                + (Double.isNaN(step.drainSeconds()) ? "> 180 s" : step.drainSeconds() == 0 ? "–" : num(step.drainSeconds()) + " s")
                + " | " + (step.gc() == null ? "n/a" : step.gc().describe()) + " | " + step.conditions().describe() + (step.conditions().busy() ? " **busy**" : "") + " |\n";
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().filter(v -> !Double.isNaN(v)).sorted().toList();
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int mid = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2;
    }

    /** The index of the value closest to the median. */
    static int medianIndex(List<Double> values) {
        double median = median(values);
        int best = 0;
        for (int i = 1; i < values.size(); i++) {
            if (Math.abs(values.get(i) - median) < Math.abs(values.get(best) - median)) {
                best = i;
            }
        }
        return best;
    }
}
