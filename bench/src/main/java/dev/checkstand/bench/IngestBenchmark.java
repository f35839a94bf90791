package dev.checkstand.bench;

import static dev.checkstand.bench.report.Report.ms;
import static dev.checkstand.bench.report.Report.num;

import dev.checkstand.bench.data.EventTemplate;
import dev.checkstand.bench.data.Seeder;
import dev.checkstand.bench.load.LoadGenerator;
import dev.checkstand.bench.report.LineChart;
import dev.checkstand.bench.report.Report;
import dev.checkstand.bench.report.Report.Verdict;
import java.sql.Connection;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Webhook ingest and end to end: signed {@code payment_intent.succeeded} events for seeded pending orders, offered
 * open-loop at increasing rates (acknowledgement latency and throughput), then as fast as {@link #CLIENTS} clients
 * can send (saturation), counting how fast the events become paid orders; the JDBC insert loop is the reference.
 * The service's memory is sampled throughout.
 */
final class IngestBenchmark {

    /** The service's database pool (Hikari's default of 10): the reference and the saturation runs use as many. */
    static final int CLIENTS = 10;
    private static final int OPEN_LOOP_CONNECTIONS = 64;

    private final Bench bench;
    private final Deployment deployment;
    private final List<UUID> products;
    private long nextOrder = 1;
    private PgActivity activityAt1000;
    private PgActivity activityAtSaturation;
    private Step httpFloor;

    record Step(double offered, LoadGenerator.Run run, double drainSeconds, Machine.Conditions conditions) {
    }

    record Saturation(double ingestRate, double endToEndRate, LoadGenerator.Run run, Machine.Conditions conditions) {
    }

    IngestBenchmark(Bench bench, Deployment deployment, List<UUID> products) {
        this.bench = bench;
        this.deployment = deployment;
        this.products = products;
    }

    void run() throws Exception {
        Options options = bench.options();
        EventTemplate events = EventTemplate.capture(deployment.stripe);
        String apiVersion = com.stripe.Stripe.API_VERSION;
        List<Double> rates = options.quick() ? List.of(250.0, 500.0, 1000.0)
                : List.of(100.0, 250.0, 500.0, 750.0, 1000.0, 1500.0, 2000.0);
        double stepSeconds = options.quick() ? 3 : 8;
        int warmup = options.scaled(6000, 1500);
        int saturationEvents = options.scaled(10_000, 3_000);
        int saturationRuns = options.scaled(3, 1);
        long total = warmup + saturationEvents * (long) saturationRuns;
        for (double rate : rates) {
            total += (long) (rate * stepSeconds);
        }

        bench.log("ingest: seeding " + total + " pending orders");
        long seedStart = System.nanoTime();
        try (Connection c = deployment.connect()) {
            Seeder.pendingOrders(c, 1, total, products);
        }
        double seedSeconds = (System.nanoTime() - seedStart) / 1e9;

        bench.log("ingest: JDBC reference");
        JdbcReference jdbc = new JdbcReference(bench.postgres(), deployment.database, events, apiVersion);
        jdbc.createTable();
        jdbc.run(CLIENTS, options.quick() ? 1 : 3);
        List<Double> jdbcRates = new ArrayList<>();
        List<Machine.Conditions> jdbcConditions = new ArrayList<>();
        for (int i = 0; i < options.scaled(3, 1); i++) {
            Machine.Window window = bench.machine().begin();
            jdbcRates.add(jdbc.run(CLIENTS, options.quick() ? 3 : 6));
            jdbcConditions.add(window.end());
        }
        double jdbcRate = median(jdbcRates);

        bench.log("ingest: the service's HTTP floor, GET /actuator/info");
        byte[][] info = new byte[300_000][];
        java.util.Arrays.fill(info, dev.checkstand.bench.load.Requests.get("/actuator/info", java.util.Map.of()));
        deployment.load.closedLoop(info, CLIENTS, Duration.ofSeconds(options.quick() ? 2 : 5));
        Machine.Window floorWindow = bench.machine().begin();
        LoadGenerator.Run floor = deployment.load.closedLoop(info, CLIENTS, Duration.ofSeconds(options.quick() ? 2 : 5));
        httpFloor = new Step(0, floor, 0, floorWindow.end());

        double idleRss = deployment.service.statusMb("VmRSS");
        try (MemorySampler memory = new MemorySampler(deployment.service)) {
            bench.log("ingest: warm-up, " + warmup + " events at 500/s");
            deployment.load.openLoop(requests(events, warmup), 500, OPEN_LOOP_CONNECTIONS, Duration.ofSeconds(10));
            drain();

            List<Step> steps = new ArrayList<>();
            for (double rate : rates) {
                int n = (int) (rate * stepSeconds);
                byte[][] requests = requests(events, n);
                bench.log("ingest: " + (int) rate + " events/s for " + stepSeconds + " s");
                PgActivity activity = rate == 1000 ? new PgActivity(bench.postgres(), deployment.database) : null;
                Machine.Window window = bench.machine().begin();
                LoadGenerator.Run run = deployment.load.openLoop(requests, rate, OPEN_LOOP_CONNECTIONS, Duration.ofSeconds(5));
                Machine.Conditions conditions = window.end();
                if (activity != null) {
                    activity.close();
                    activityAt1000 = activity;
                }
                steps.add(new Step(rate, run, drain(), conditions));
            }

            List<Saturation> saturations = new ArrayList<>();
            try (PgActivity activity = new PgActivity(bench.postgres(), deployment.database)) {
                for (int i = 0; i < saturationRuns; i++) {
                    bench.log("ingest: saturation run " + (i + 1) + ", " + saturationEvents + " events from " + CLIENTS + " clients");
                    saturations.add(saturate(events, saturationEvents));
                }
                activityAtSaturation = activity;
            }
            long failedEvents = deployment.queryLong(
                    "select count(*) from webhook_events where status in ('received', 'failed')");
            long unpaid = deployment.queryLong("select count(*) from orders where status <> 'paid'");
            memory.close();
            write(events, seedSeconds, total, jdbcRates, jdbcConditions, jdbcRate, steps, saturations, memory, idleRss,
                    failedEvents, unpaid);
        }
    }

    private Saturation saturate(EventTemplate events, int n) {
        byte[][] requests = requests(events, n);
        long paidBefore = deployment.queryLong("select count(*) from orders where status = 'paid'");
        Instant start = Instant.now();
        Machine.Window window = bench.machine().begin();
        LoadGenerator.Run run = deployment.load.closedLoop(requests, CLIENTS, Duration.ofSeconds(120));
        double waited = Deployment.await(
                () -> deployment.queryLong("select count(*) from orders where status = 'paid'") >= paidBefore + run.ok(),
                Duration.ofSeconds(120));
        Machine.Conditions conditions = window.end();
        Timestamp lastPaid = deployment.queryTimestamp("select max(paid_at) from orders where paid_at >= ?",
                Timestamp.from(start));
        double endToEnd = Double.isNaN(waited) || lastPaid == null ? Double.NaN
                : run.ok() / (Duration.between(start, lastPaid.toInstant()).toNanos() / 1e9);
        drain();
        return new Saturation(run.throughput(), endToEnd, run, conditions);
    }

    private byte[][] requests(EventTemplate events, int n) {
        String secret = deployment.stripe.webhookSecret();
        byte[][] requests = new byte[n][];
        for (int i = 0; i < n; i++) {
            requests[i] = events.signedRequest(secret, nextOrder++, 0);
        }
        return requests;
    }

    /** Waits until every stored event is processed; returns the seconds that took. */
    private double drain() {
        return Deployment.await(() -> deployment.queryLong(
                "select count(*) from webhook_events where status = 'received'") == 0, Duration.ofSeconds(180));
    }

    private void write(EventTemplate events, double seedSeconds, long seeded, List<Double> jdbcRates,
            List<Machine.Conditions> jdbcConditions, double jdbcRate, List<Step> steps, List<Saturation> saturations,
            MemorySampler memory, double idleRss, long notProcessed, long unpaid) {
        Report report = bench.report();
        double ingest = median(saturations.stream().map(Saturation::ingestRate).toList());
        double endToEnd = median(saturations.stream().map(Saturation::endToEndRate).toList());
        Step at1000 = steps.stream().filter(s -> s.offered() == 1000).findFirst().orElse(null);
        String ingestSection = "Webhook ingest";
        String e2eSection = "End to end: events to paid orders";
        String memorySection = "Memory under ingest load";
        report.target("Webhook ingest throughput", "≥ 0.5 × JDBC", num(ingest) + "/s = " + num(ingest / jdbcRate)
                + " × JDBC (" + num(jdbcRate) + "/s)", Verdict.of(ingest >= 0.5 * jdbcRate), ingestSection);
        if (at1000 != null) {
            double p99 = at1000.run().latency().p99();
            boolean ok = at1000.run().ok() == at1000.run().requests() && p99 <= 25;
            report.target("Webhook ack p99 at 1,000 events/s", "≤ 25 ms", ms(p99), Verdict.of(ok), ingestSection);
        }
        report.target("End to end, events to paid orders", "≥ 0.25 × JDBC", num(endToEnd) + "/s = "
                + num(endToEnd / jdbcRate) + " × JDBC", Verdict.of(endToEnd >= 0.25 * jdbcRate), e2eSection);
        double maxRss = Math.max(memory.maxRssMb(), deployment.service.statusMb("VmHWM"));
        report.target("Service RSS under ingest", "≤ 512 MB", num(maxRss) + " MB peak", Verdict.of(maxRss <= 512),
                memorySection);

        StringBuilder s = report.section(ingestSection);
        s.append("""
                Signed `payment_intent.succeeded` events (%d bytes each, the simulator's own event with each seeded \
                order's ids: one event per pending order, so every event also runs the full payment transition in the \
                background) are POSTed to `/api/payments/webhook`. Latency is from the moment each request was \
                **scheduled** (open loop, fixed rate, up to %d connections) to the last byte of the answer, so queueing \
                in front of the service counts. Each rate runs %s s after a warm-up of %s events (excluded); the \
                inbox is drained (every stored event processed) before the next rate starts, and the drain time says \
                whether background processing kept up.

                **Reference:** the service's own insert statement (`insert ... on conflict do nothing returning id`) \
                on a copy of `webhook_events` (same constraints and indexes) with the same bodies, from %d JDBC \
                connections (the service's pool size), one durable commit per row: %s rows/s \
                (median of %s; load average and CPU of other processes per run: %s).

                """.formatted(events.size(), OPEN_LOOP_CONNECTIONS, num(steps.isEmpty() ? 0 : steps.get(0).run().requests()
                        / steps.get(0).offered()), num(bench.options().scaled(6000, 1500)), CLIENTS, num(jdbcRate),
                jdbcRates.stream().map(Report::num).toList(), jdbcConditions.stream().map(Machine.Conditions::describe).toList()));
        s.append("| offered /s | acknowledged /s | p50 | p99 | p99.9 | max | failed | not sent | drain after | conditions |\n");
        s.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (Step step : steps) {
            LoadGenerator.Run r = step.run();
            s.append("| ").append(num(step.offered())).append(" | ").append(num(r.throughput())).append(" | ")
                    .append(ms(r.latency().p50())).append(" | ").append(ms(r.latency().p99())).append(" | ")
                    .append(ms(r.latency().percentileMillis(99.9))).append(" | ").append(ms(r.latency().maxMillis()))
                    .append(" | ").append(r.failed()).append(" | ").append(r.notSent()).append(" | ")
                    .append(Double.isNaN(step.drainSeconds()) ? "> 180 s" : num(step.drainSeconds()) + " s")
                    .append(" | ").append(step.conditions().describe()).append(step.conditions().busy() ? " **busy**" : "")
                    .append(" |\n");
        }
        s.append("\n**The service's HTTP floor** — `GET /actuator/info` (no database, an empty JSON object, but the same "
                + "Tomcat, Spring Security filter chain, observation and MVC as every request), closed loop, ")
                .append(CLIENTS).append(" clients: **").append(num(httpFloor.run().throughput())).append(" requests/s** (p50 ")
                .append(ms(httpFloor.run().latency().p50())).append(", p99 ").append(ms(httpFloor.run().latency().p99()))
                .append("; ").append(httpFloor.conditions().describe()).append("). No endpoint of this service can "
                + "answer faster on this machine.\n");
        s.append("\n**Saturation** (closed loop, ").append(CLIENTS).append(" clients, ")
                .append(num(bench.options().scaled(10_000, 3_000))).append(" events per run): ");
        for (Saturation sat : saturations) {
            s.append(num(sat.ingestRate())).append("/s (p50 ").append(ms(sat.run().latency().p50())).append(", p99 ")
                    .append(ms(sat.run().latency().p99())).append("; ").append(sat.conditions().describe()).append("); ");
        }
        s.append("median **").append(num(ingest)).append(" acknowledged events/s = ").append(num(ingest / jdbcRate))
                .append(" × the JDBC reference**.\n\n");
        double[] offered = steps.stream().mapToDouble(Step::offered).toArray();
        s.append(report.image("ingest-latency", "Webhook acknowledgement latency against offered rate",
                new LineChart("Webhook acknowledgement latency (from schedule)", "offered events/s", "ms")
                        .logY()
                        .line("p50", offered, steps.stream().mapToDouble(x -> x.run().latency().p50()).toArray())
                        .line("p99", offered, steps.stream().mapToDouble(x -> x.run().latency().p99()).toArray())
                        .line("p99.9", offered, steps.stream().mapToDouble(x -> x.run().latency().percentileMillis(99.9)).toArray())
                        .reference("target p99 25 ms", 25)));
        s.append(report.image("ingest-throughput", "Webhook throughput against offered rate",
                new LineChart("Webhook throughput against offered load", "offered events/s", "acknowledged events/s")
                        .line("acknowledged", offered, steps.stream().mapToDouble(x -> x.run().throughput()).toArray())
                        .line("offered", offered, offered)
                        .reference("JDBC insert reference " + num(jdbcRate) + "/s", jdbcRate)
                        .reference("target 0.5 × JDBC", 0.5 * jdbcRate)
                        .reference("saturation (" + CLIENTS + " clients) " + num(ingest) + "/s", ingest)));
        s.append("\nSeeding ").append(num(seeded)).append(" pending orders with `generate_series` took ")
                .append(num(seedSeconds)).append(" s (not part of any figure).\n");

        s.append("\n**Where the time goes** — the service's database connections, sampled from `pg_stat_activity` every 100 ms "
                + "(average number of connections per sample; `CPU` = running, otherwise the wait event):\n\n"
                + "| load | connections by state | busy connections doing | statements most often running |\n|---|---|---|---|\n");
        for (var entry : java.util.Arrays.asList(java.util.Map.entry("open loop 1,000/s", java.util.Optional.ofNullable(activityAt1000)),
                java.util.Map.entry("saturation, " + CLIENTS + " clients", java.util.Optional.ofNullable(activityAtSaturation)))) {
            entry.getValue().ifPresent(a -> s.append("| ").append(entry.getKey()).append(" | ").append(a.connections())
                    .append(" | ").append(a.waits()).append(" | ").append(a.topQueries()).append(" |\n"));
        }

        StringBuilder e = report.section(e2eSection);
        e.append("""
                The saturation runs above, counted to the end: from the first event sent to the moment the last of \
                their orders was marked paid (`max(paid_at)`), every event having gone through verification, the \
                inbox insert, the background claim, the payment transition (order row lock, attempt, reservation \
                commit, stock, timeline) and the inbox update.

                """);
        e.append("| run | events | acknowledged /s | paid orders /s | conditions |\n|---|---|---|---|---|\n");
        for (int i = 0; i < saturations.size(); i++) {
            Saturation sat = saturations.get(i);
            e.append("| ").append(i + 1).append(" | ").append(sat.run().ok()).append(" | ").append(num(sat.ingestRate()))
                    .append(" | ").append(num(sat.endToEndRate())).append(" | ").append(sat.conditions().describe())
                    .append(" |\n");
        }
        e.append("\nMedian **").append(num(endToEnd)).append(" paid orders/s = ").append(num(endToEnd / jdbcRate))
                .append(" × the JDBC reference**. After all runs: ").append(notProcessed)
                .append(" stored events not processed or failed, ").append(unpaid).append(" seeded orders not paid.\n");

        StringBuilder m = report.section(memorySection);
        m.append("""
                The service runs as its own JVM (`java -jar app/target/checkstand.jar`, JVM options: %s). RSS is \
                `VmRSS` from `/proc/PID/status`, sampled every 0.5 s through the whole ingest part (warm-up, every \
                rate, saturation), plus `VmHWM` (the kernel's high-water mark); heap is used and committed from \
                `jstat -gc`, which reads the JVM's perf-data file and adds no work to the service.

                | | MB |
                |---|---|
                | RSS idle, after start-up | %s |
                | RSS peak under load (samples, VmHWM) | %s, %s |
                | heap used, peak | %s |
                | heap committed, peak | %s |

                """.formatted(bench.options().serviceJvmArgs().isEmpty() ? "none, the JVM's defaults"
                        : "`" + String.join(" ", bench.options().serviceJvmArgs()) + "`",
                num(idleRss), num(memory.maxRssMb()), num(deployment.service.statusMb("VmHWM")),
                num(memory.maxHeapUsedMb()), num(memory.maxHeapCommittedMb())));
        List<MemorySampler.Sample> samples = memory.samples();
        double[] t = samples.stream().mapToDouble(MemorySampler.Sample::seconds).toArray();
        m.append(report.image("memory", "Service RSS and heap during the ingest part",
                new LineChart("Service memory during the ingest part", "seconds", "MB")
                        .line("RSS", t, samples.stream().mapToDouble(MemorySampler.Sample::rssMb).toArray())
                        .line("heap committed", t, samples.stream().mapToDouble(x -> x.heapCommittedMb() < 0 ? Double.NaN : x.heapCommittedMb()).toArray())
                        .line("heap used", t, samples.stream().mapToDouble(x -> x.heapUsedMb() < 0 ? Double.NaN : x.heapUsedMb()).toArray())
                        .reference("target 512 MB", 512)));
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().filter(v -> !Double.isNaN(v)).sorted().toList();
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int mid = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2;
    }
}
