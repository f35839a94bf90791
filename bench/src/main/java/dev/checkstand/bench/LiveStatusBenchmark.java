package dev.checkstand.bench;

import static dev.checkstand.bench.report.Report.ms;
import static dev.checkstand.bench.report.Report.num;

import dev.checkstand.bench.load.Latencies;
import dev.checkstand.bench.report.LineChart;
import dev.checkstand.bench.report.Report;
import dev.checkstand.bench.report.Report.Verdict;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A change committed anywhere → the event on a stream another instance holds: two service processes on one
 * database, {@value #STREAMS} status streams open on instance B, one for each of {@value #STREAMS} orders placed
 * through instance A. Changes are committed straight to the shared database at a fixed rate — the order's version
 * moved, as every order change moves it, so the trigger notifies exactly as for a payment — which isolates the
 * notification path from the cost of any one business change. The clock starts when the harness sends COMMIT and
 * stops when B's stream has the event with that version (or a newer one).
 */
final class LiveStatusBenchmark {

    static final int STREAMS = 500;
    private static final int COMMITTERS = 4;
    // Consecutive changes go to orders this far apart (coprime with STREAMS): each order changes once per round.
    private static final int STRIDE = 419;
    private static final Duration DRAIN = Duration.ofSeconds(30);

    private final Bench bench;
    private final Deployment a;
    private int next;

    private record Change(int order, int version, long commitStart, long commitEnd) {
    }

    record Series(String label, int rate, Latencies latencies, Latencies commits, int missing,
            Machine.Conditions conditions) {
    }

    LiveStatusBenchmark(Bench bench, Deployment a) {
        this.bench = bench;
        this.a = a;
    }

    void run() throws Exception {
        UUID product = a.createProducts(1).get(0);
        bench.log("live-status: " + STREAMS + " orders placed through instance A");
        List<String> orders = new ArrayList<>();
        for (int i = 0; i < STREAMS; i++) {
            orders.add(a.storefront.createCheckout("bench-live-" + String.format("%08d", i), product).orderId());
        }
        try (ServiceProcess b = a.startInstance(bench, "livestatus-b", Deployment.UNLIMITED);
                StatusStreams streams = StatusStreams.open(b.baseUrl(), orders, Duration.ofSeconds(120))) {
            bench.log("live-status: " + STREAMS + " streams open on instance B; warm-up");
            measure(streams, orders, "warm-up", 50, bench.options().scaled(250, 100));
            bench.log("live-status: 50 changes/s");
            Series modest = measure(streams, orders, "50 changes/s", 50, bench.options().scaled(1500, 300));
            bench.log("live-status: 200 changes/s");
            Series brisk = measure(streams, orders, "200 changes/s", 200, bench.options().scaled(4000, 800));
            write(List.of(modest, brisk));
        }
    }

    private Series measure(StatusStreams streams, List<String> orders, String label, int rate, int count)
            throws InterruptedException {
        Change[] changes = new Change[count];
        AtomicInteger index = new AtomicInteger();
        int first = next;
        next += count;
        long interval = 1_000_000_000L / rate;
        Machine.Window window = bench.machine().begin();
        long start = System.nanoTime() + Duration.ofMillis(100).toNanos();
        List<Thread> committers = new ArrayList<>();
        for (int t = 0; t < COMMITTERS; t++) {
            Thread committer = new Thread(() -> {
                try (Connection connection = a.connect(); PreparedStatement update = connection.prepareStatement(
                        "update orders set version = version + 1 where id = ? returning version")) {
                    connection.setAutoCommit(false);
                    for (int i = index.getAndIncrement(); i < count; i = index.getAndIncrement()) {
                        LockSupport.parkNanos(start + i * interval - System.nanoTime());
                        int order = Math.floorMod((first + i) * STRIDE, STREAMS);
                        update.setObject(1, UUID.fromString(orders.get(order)));
                        int version;
                        try (ResultSet rs = update.executeQuery()) {
                            rs.next();
                            version = rs.getInt(1);
                        }
                        long commitStart = System.nanoTime();
                        connection.commit();
                        changes[i] = new Change(order, version, commitStart, System.nanoTime());
                    }
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }, "committer-" + t);
            committers.add(committer);
            committer.start();
        }
        for (Thread committer : committers) {
            committer.join();
        }
        Deployment.await(() -> delivered(streams, changes) == count, DRAIN);
        Machine.Conditions conditions = window.end();
        long[] latencies = new long[count];
        long[] commits = new long[count];
        int found = 0;
        for (int i = 0; i < count; i++) {
            commits[i] = changes[i].commitEnd() - changes[i].commitStart();
            long arrived = arrival(streams, changes[i]);
            if (arrived != 0) {
                latencies[found++] = arrived - changes[i].commitStart();
            }
        }
        return new Series(label, rate, Latencies.of(latencies, found), Latencies.of(commits, count), count - found,
                conditions);
    }

    private static int delivered(StatusStreams streams, Change[] changes) {
        int delivered = 0;
        for (Change change : changes) {
            delivered += arrival(streams, change) != 0 ? 1 : 0;
        }
        return delivered;
    }

    // When the order's stream first had this version or a newer one; 0 when it has not yet.
    private static long arrival(StatusStreams streams, Change change) {
        for (StatusStreams.Arrival arrival : streams.arrivals(change.order())) {
            if (arrival.version() >= change.version()) {
                return arrival.nanos();
            }
        }
        return 0;
    }

    private void write(List<Series> series) {
        Report report = bench.report();
        String section = "Live status across instances: commit to event on another instance";
        Series modest = series.get(0);
        report.target("Commit → event on another instance's stream, p99 (" + STREAMS + " streams, " + modest.label()
                + ")", "≤ 100 ms", ms(modest.latencies().p99()) + (modest.missing() > 0 ? ", " + modest.missing()
                + " never arrived" : ""), Verdict.of(modest.latencies().p99() <= 100 && modest.missing() == 0), section);
        StringBuilder s = report.section(section);
        s.append("""
                Two processes of the service on one database (instance A took the checkouts, instance B holds the \
                streams), both with their defaults (safety poll every 30 s). %d orders are placed through A, and B \
                holds one `sync-status` stream for each (%d streams, opened with the JDK's HTTP client, one HTTP/1.1 \
                connection each; a stream counts an event when its last line arrived). %d harness threads then commit \
                changes straight to the shared database on a fixed schedule, each order in turn: `update orders set \
                version = version + 1` in a transaction, which fires the orders trigger exactly as a payment does, so \
                the figure is the notification path alone (commit, PostgreSQL's notification to B's listening \
                connection, B's read of the order, the write to its stream) and not the cost of any one business \
                change. The clock starts when COMMIT is sent (so it includes the commit's own flush, listed \
                separately) and stops when B's stream has the event with that version or a newer one; a change whose \
                event has not arrived %d s after the last commit counts as never arrived. A warm-up of the same kind \
                runs first.

                | rate | changes | p50 | p90 | p99 | max | never arrived | COMMIT alone, p50 / p99 | conditions |
                |---|---|---|---|---|---|---|---|---|
                """.formatted(STREAMS, STREAMS, COMMITTERS, DRAIN.toSeconds()));
        LineChart chart = LatencyCharts.percentiles("Commit → event on another instance's stream (" + STREAMS
                + " streams)");
        for (Series x : series) {
            s.append("| ").append(x.label()).append(" | ").append(num(x.commits().count())).append(" | ")
                    .append(ms(x.latencies().p50())).append(" | ").append(ms(x.latencies().percentileMillis(90)))
                    .append(" | ").append(ms(x.latencies().p99())).append(" | ").append(ms(x.latencies().maxMillis()))
                    .append(" | ").append(x.missing()).append(" | ").append(ms(x.commits().p50())).append(" / ")
                    .append(ms(x.commits().p99())).append(" | ").append(x.conditions().describe())
                    .append(x.conditions().busy() ? " **busy**" : "").append(" |\n");
            LatencyCharts.add(chart, x.label(), x.latencies());
        }
        chart.reference("target p99 100 ms", 100);
        s.append("\n").append(report.image("live-status-latency", "Commit to event latency percentiles", chart));
    }
}
