package dev.checkstand.bench;

import static dev.checkstand.bench.report.Report.ms;
import static dev.checkstand.bench.report.Report.num;

import dev.checkstand.bench.data.SeedIds;
import dev.checkstand.bench.data.Seeder;
import dev.checkstand.bench.load.Latencies;
import dev.checkstand.bench.load.LoadGenerator;
import dev.checkstand.bench.load.Requests;
import dev.checkstand.bench.report.LineChart;
import dev.checkstand.bench.report.Report;
import dev.checkstand.bench.report.Report.Verdict;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * PaymentIntent → order at growing order counts: the service's endpoint and the indexed SQL under it, with the
 * query plan, next to the seed's old approach (read the latest 5,000 orders with their PaymentIntent ids and look
 * for the one asked). Orders are seeded with {@code generate_series} into a database of their own; lookups target
 * orders drawn uniformly from all of them.
 */
final class LookupBenchmark {

    /** The columns the service reads ({@code PaymentAttempts}), so the SQL figure is the service's query. */
    static final String INDEXED = """
            select id, order_id, attempt_no, kind, status, idempotency_key, payment_intent_id, checkout_session_id,
                   client_secret, amount, currency, amount_received, last_failure, last_failure_charge, created_at,
                   checkout_url, expires_at, success_url, cancel_url
              from payment_attempts where payment_intent_id = ?""";
    static final int SCAN_WINDOW = 5_000;
    static final int FIRST_WARM_UP = 15_000;
    /**
     * The service's background jobs run hourly here instead of every few seconds: the bulk load drops the tables'
     * indexes while it writes, and a job's query in that window scans millions of rows, slowing the load many times
     * over and telling nothing about lookups. Each job still runs once at start-up, before any order is seeded.
     */
    static final List<String> QUIET_JOBS = List.of("-Dcheckstand.expiry.interval=1h", "-Dcheckstand.recovery.interval=1h",
            "-Dcheckstand.reconciliation.stale-sync-interval=1h", "-Dcheckstand.reconciliation.catch-up-interval=1h",
            "-Dcheckstand.webhooks.poll-interval=1h");
    static final String OLD_SCAN = """
            select o.id, a.payment_intent_id from orders o join payment_attempts a on a.order_id = o.id
             order by o.created_at desc limit %d""".formatted(SCAN_WINDOW);

    private final Bench bench;
    private final Deployment deployment;
    private final SplittableRandom random = new SplittableRandom(42);

    record Size(long orders, double seedSeconds, Latencies sql, Latencies http, int httpFailures, Latencies scan,
            int scans, int scanMisses, String plan, String scanPlan, String tableSizes, Machine.Conditions conditions) {
    }

    LookupBenchmark(Bench bench, Deployment deployment) {
        this.bench = bench;
        this.deployment = deployment;
    }

    void run() throws Exception {
        List<Size> sizes = new ArrayList<>();
        for (long target : bench.options().lookupSizes()) {
            bench.log("lookup: seeding paid orders up to " + target);
            long start = System.nanoTime();
            Seeder.paidOrders(deployment::connect, target, 500_000);
            double seedSeconds = (System.nanoTime() - start) / 1e9;
            bench.log("lookup: measuring at " + target + " orders (seeding took " + num(seedSeconds) + " s)");
            sizes.add(measure(target, seedSeconds, sizes.isEmpty()));
        }
        write(sizes);
    }

    private Size measure(long n, double seedSeconds, boolean first) throws SQLException {
        int sqlLookups = bench.options().scaled(5_000, 1_000);
        int httpLookups = bench.options().scaled(3_000, 500);
        int scans = bench.options().scaled(100, 20);
        Machine.Window window = bench.machine().begin();
        Latencies sql;
        Latencies scan;
        int misses = 0;
        String plan;
        String scanPlan;
        String tableSizes;
        try (Connection c = deployment.connect(); PreparedStatement indexed = c.prepareStatement(INDEXED);
                PreparedStatement old = c.prepareStatement(OLD_SCAN)) {
            for (int i = 0; i < 1_000; i++) {
                lookup(indexed, SeedIds.paymentIntentId(pick(n)));
            }
            long[] nanos = new long[sqlLookups];
            for (int i = 0; i < sqlLookups; i++) {
                String pi = SeedIds.paymentIntentId(pick(n));
                long t0 = System.nanoTime();
                if (!lookup(indexed, pi)) {
                    throw new IllegalStateException("seeded PaymentIntent " + pi + " not found");
                }
                nanos[i] = System.nanoTime() - t0;
            }
            sql = Latencies.of(nanos, sqlLookups);
            plan = explain(c, INDEXED.replace("?", "'" + SeedIds.paymentIntentId(pick(n)) + "'"));
            for (int i = 0; i < 5; i++) {
                scan(old, SeedIds.paymentIntentId(pick(n)));
            }
            long[] scanNanos = new long[scans];
            for (int i = 0; i < scans; i++) {
                String pi = SeedIds.paymentIntentId(pick(n));
                long t0 = System.nanoTime();
                if (!scan(old, pi)) {
                    misses++;
                }
                scanNanos[i] = System.nanoTime() - t0;
            }
            scan = Latencies.of(scanNanos, scans);
            scanPlan = explain(c, OLD_SCAN);
            tableSizes = tableSizes(c);
        }
        // The first size also warms a service JVM that has answered nothing yet: the JIT compiles the path meanwhile.
        byte[][] warm = new byte[bench.options().scaled(first ? FIRST_WARM_UP : 3_000, 1_000)][];
        for (int i = 0; i < warm.length; i++) {
            warm[i] = Requests.get("/api/orders/by-payment-intent/" + SeedIds.paymentIntentId(pick(n)), Map.of());
        }
        deployment.load.closedLoop(warm, 1, Duration.ofSeconds(60));
        byte[][] requests = new byte[httpLookups][];
        for (int i = 0; i < requests.length; i++) {
            requests[i] = Requests.get("/api/orders/by-payment-intent/" + SeedIds.paymentIntentId(pick(n)), Map.of());
        }
        LoadGenerator.Run http = deployment.load.closedLoop(requests, 1, Duration.ofSeconds(120));
        return new Size(n, seedSeconds, sql, http.latency(), http.failed() + http.notSent(), scan, scans, misses, plan,
                scanPlan, tableSizes, window.end());
    }

    private long pick(long n) {
        return 1 + random.nextLong(n);
    }

    private static boolean lookup(PreparedStatement s, String pi) throws SQLException {
        s.setString(1, pi);
        try (ResultSet rs = s.executeQuery()) {
            return rs.next();
        }
    }

    /** The seed's approach: read the newest orders with their PaymentIntent ids and search them. */
    private static boolean scan(PreparedStatement s, String pi) throws SQLException {
        try (ResultSet rs = s.executeQuery()) {
            boolean found = false;
            while (rs.next()) {
                if (pi.equals(rs.getString(2))) {
                    found = true;
                }
            }
            return found;
        }
    }

    private static String explain(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("explain (analyze, buffers) " + sql)) {
            List<String> lines = new ArrayList<>();
            while (rs.next()) {
                lines.add(rs.getString(1));
            }
            return String.join("\n", lines);
        }
    }

    private static String tableSizes(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                select pg_size_pretty(pg_total_relation_size('orders')), pg_size_pretty(pg_total_relation_size('payment_attempts')),
                       pg_size_pretty(pg_relation_size('payment_attempts_payment_intent_id_key'))""")) {
            rs.next();
            return "orders " + rs.getString(1) + ", payment_attempts " + rs.getString(2) + " (its payment_intent_id index "
                    + rs.getString(3) + ")";
        }
    }

    private void write(List<Size> sizes) {
        Report report = bench.report();
        String section = "PaymentIntent to order lookup";
        Size first = sizes.get(0);
        Size last = sizes.get(sizes.size() - 1);
        double httpRatio = last.http().p50() / first.http().p50();
        double sqlRatio = last.sql().p50() / first.sql().p50();
        report.target("Lookup p50 at " + num(last.orders()) + " vs " + num(first.orders()) + " orders",
                "≤ 1.3 × (at 10 million)", "endpoint " + ms(last.http().p50()) + " vs " + ms(first.http().p50()) + " = "
                        + num(httpRatio) + " ×; the SQL alone " + ms(last.sql().p50()) + " vs " + ms(first.sql().p50())
                        + " = " + num(sqlRatio) + " ×"
                        + (last.orders() < 10_000_000 ? " (largest size measured: " + num(last.orders()) + ")" : ""),
                Verdict.of(httpRatio <= 1.3 && last.orders() >= 10_000_000), section);
        StringBuilder s = report.section(section);
        s.append("""
                Paid orders with their succeeded attempts are written with `generate_series` straight into `orders` \
                and `payment_attempts` of a database of their own (ids as random as the service's; no items or \
                timeline rows), with the tables' indexes dropped during the load and rebuilt after it, then, \
                both loads committed, `VACUUM (ANALYZE)`d. Each size reloads the tables from empty. The database is on a PostgreSQL server \
                of its own (same version and settings as the others, plus `wal_level=minimal`, `fsync=off`, \
                `full_page_writes=off`, `synchronous_commit=off`, so loading 10 million orders writes no WAL and waits \
                for no disk; the lookups only read, which these settings do not touch), and the service's \
                background jobs run hourly there, so nothing but the figure's own queries runs. Lookups target \
                orders drawn uniformly from all of them. **SQL** is the service's own query, \
                `select <attempt columns> from payment_attempts where payment_intent_id = ?`, over one JDBC \
                connection (%s lookups after 1,000 warm-up); **HTTP** is `GET /api/orders/by-payment-intent/{id}` \
                from one client (%s after %s warm-up; %s before the first size, while the JIT compiles the path), i.e. the attempt lookup plus the order, its items, its \
                timeline and its attempts. **Old scan** is the seed's approach: `%s` and search the %s rows for the \
                PaymentIntent (%s scans).

                | orders | seeding | SQL p50 | SQL p99 | HTTP p50 | HTTP p99 | HTTP failed | old scan p50 | old scan p99 | old scan miss rate | conditions |
                |---|---|---|---|---|---|---|---|---|---|---|
                """.formatted(num(bench.options().scaled(5_000, 1_000)), num(bench.options().scaled(3_000, 500)),
                num(bench.options().scaled(3_000, 1_000)), num(bench.options().scaled(FIRST_WARM_UP, 1_000)),
                OLD_SCAN.replaceAll("\\s+", " ").trim(), num(SCAN_WINDOW), num(bench.options().scaled(100, 20))));
        for (Size z : sizes) {
            s.append("| ").append(num(z.orders())).append(" | ").append(num(z.seedSeconds())).append(" s | ")
                    .append(ms(z.sql().p50())).append(" | ").append(ms(z.sql().p99())).append(" | ")
                    .append(ms(z.http().p50())).append(" | ").append(ms(z.http().p99())).append(" | ")
                    .append(z.httpFailures()).append(" | ").append(ms(z.scan().p50())).append(" | ")
                    .append(ms(z.scan().p99())).append(" | ").append(num(100.0 * z.scanMisses() / z.scans())).append(" % | ")
                    .append(z.conditions().describe()).append(z.conditions().busy() ? " **busy**" : "").append(" |\n");
        }
        s.append("\nAt ").append(num(last.orders())).append(" orders the endpoint's p50 is **").append(num(httpRatio))
                .append(" ×** its p50 at ").append(num(first.orders())).append(" (SQL: ").append(num(sqlRatio))
                .append(" ×).\n\n");
        s.append("""
                **Reading it.** The lookup is one probe of the unique index on `payment_attempts.payment_intent_id` \
                at every size (plans below): O(log n), three or four index pages. The endpoint's time is the HTTP \
                request and the order view around that probe, so it stays flat. The SQL alone grows by %s: at %s \
                orders the index and the rows sit in PostgreSQL's buffer cache (`shared hit`), at %s a random \
                order's index leaf and heap page usually do not (%s, against 512 MB of `shared_buffers`; \
                `shared read` in the plan), so the probe reads one or two pages from the \
                operating system's cache — tens of microseconds, not a scan. Keeping the hot index in \
                `shared_buffers` (sized to memory, as production servers are) would flatten it too. The old scan \
                grows with the table and, worse, misses: it finds only the newest %s orders, so it misses about \
                1 − %s/N of uniformly chosen orders (measured %s at %s orders) and costs the same whether it finds \
                the order or not.

                """.formatted(ms(last.sql().p50() - first.sql().p50()), num(first.orders()), num(last.orders()),
                last.tableSizes(), num(SCAN_WINDOW),
                num(SCAN_WINDOW), num(100.0 * last.scanMisses() / last.scans()) + " %", num(last.orders())));
        double[] x = sizes.stream().mapToDouble(Size::orders).toArray();
        s.append(report.image("lookup", "Lookup latency against order count",
                new LineChart("PaymentIntent → order lookup, p50", "orders", "ms").logX().logY()
                        .line("HTTP GET by-payment-intent", x, sizes.stream().mapToDouble(z -> z.http().p50()).toArray())
                        .line("SQL, indexed", x, sizes.stream().mapToDouble(z -> z.sql().p50()).toArray())
                        .line("old scan of the latest " + num(SCAN_WINDOW), x, sizes.stream().mapToDouble(z -> z.scan().p50()).toArray())));
        for (Size z : sizes) {
            s.append("\n<details><summary>Plans at ").append(num(z.orders())).append(" orders (").append(z.tableSizes())
                    .append(")</summary>\n\nIndexed lookup:\n\n```\n").append(z.plan()).append("\n```\n\nOld scan:\n\n```\n")
                    .append(z.scanPlan()).append("\n```\n</details>\n");
        }
        s.append("\n");
    }

    static String joined(List<String> values) {
        return values.stream().collect(Collectors.joining(", "));
    }
}
