package dev.checkstand.bench;

import static dev.checkstand.bench.WebhookTraffic.CLIENTS;
import static dev.checkstand.bench.WebhookTraffic.median;
import static dev.checkstand.bench.report.Report.ms;
import static dev.checkstand.bench.report.Report.num;

import dev.checkstand.bench.load.LoadGenerator;
import dev.checkstand.bench.load.Requests;
import dev.checkstand.bench.report.LineChart;
import dev.checkstand.bench.report.Report;
import dev.checkstand.bench.report.Report.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Webhook ingest as the figure defines it — signature check, durable insert, 2xx — on a service whose background
 * processing is switched off with its own settings ({@code checkstand.webhooks.process-on-receipt=false},
 * {@code checkstand.webhooks.poll=false}), next to the JDBC insert loop in the same PostgreSQL and a request
 * with no database. {@link IngestBenchmark} measures the same traffic with processing on.
 */
final class IngestAlone {

    static final List<String> SETTINGS = List.of("-Dcheckstand.webhooks.process-on-receipt=false",
            "-Dcheckstand.webhooks.poll=false");
    /** The settings, and a JFR stack depth that lets {@link RequestProfile} see whole request stacks. */
    static final List<String> JVM_OPTIONS = java.util.stream.Stream.concat(SETTINGS.stream(),
            java.util.stream.Stream.of(RequestProfile.STACK_DEPTH)).toList();
    static final String SECTION = "Webhook ingest";

    private final Bench bench;
    private final Deployment deployment;

    /** What the other webhook figures are compared with. */
    record Reference(double jdbcRate, double ingestRate, double jdbcPerRowMillis, double jdbcWalBytesPerRow) {
    }

    IngestAlone(Bench bench, Deployment deployment) {
        this.bench = bench;
        this.deployment = deployment;
    }

    Reference run() throws Exception {
        Options options = bench.options();
        WebhookTraffic traffic = new WebhookTraffic(deployment, 1);
        double stepSeconds = options.quick() ? 3 : 5;

        bench.log("ingest alone: JDBC reference");
        JdbcReference jdbc = new JdbcReference(bench.postgres(), deployment.database, traffic.events(),
                com.stripe.Stripe.API_VERSION);
        jdbc.createTable();
        jdbc.run(CLIENTS, options.quick() ? 1 : 3);
        List<Double> jdbcRates = new ArrayList<>();
        List<Machine.Conditions> jdbcConditions = new ArrayList<>();
        TableWrites writes = new TableWrites(bench.postgres(), deployment.database);
        TableWrites.Snapshot beforeRuns = writes.snapshot();
        long rowsBefore = jdbc.rowsInAll();
        for (int i = 0; i < options.medianRuns(); i++) {
            Machine.Window window = bench.machine().begin();
            jdbcRates.add(jdbc.run(CLIENTS, options.quick() ? 3 : 5));
            jdbcConditions.add(window.end());
        }
        double jdbcRate = median(jdbcRates);
        // The whole server's WAL over the measured runs (the idle service writes next to nothing meanwhile).
        double jdbcWalPerRow = (double) writes.since(beforeRuns).walBytes() / Math.max(1, jdbc.rowsInAll() - rowsBefore);

        bench.log("ingest alone: a request with no database, GET /actuator/info");
        byte[][] info = new byte[300_000][];
        Arrays.fill(info, Requests.get("/actuator/info", Map.of()));
        deployment.load.closedLoop(info, CLIENTS, Duration.ofSeconds(options.quick() ? 2 : 5));
        Machine.Window floorWindow = bench.machine().begin();
        LoadGenerator.Run floor = deployment.load.closedLoop(info, CLIENTS, Duration.ofSeconds(options.quick() ? 2 : 5));
        Machine.Conditions floorConditions = floorWindow.end();

        try (MemorySampler memory = new MemorySampler(deployment.service)) {
            this.memory = memory;
            bench.log("ingest alone: warm-up");
            traffic.closedLoop(options.scaled(15_000, 6_000));
            List<WebhookTraffic.Step> steps = new ArrayList<>();
            for (double rate : options.quick() ? List.of(1000.0, 2000.0) : List.of(1000.0, 2000.0, 3000.0)) {
                bench.log("ingest alone: " + (int) rate + " events/s for " + stepSeconds + " s");
                steps.add(step(traffic, rate, stepSeconds));
            }
            List<WebhookTraffic.Step> targetRuns = new ArrayList<>(List.of(steps.get(0)));
            for (int i = 1; i < options.medianRuns(); i++) {
                bench.log("ingest alone: 1000 events/s again (run " + (i + 1) + ")");
                targetRuns.add(step(traffic, 1000, stepSeconds));
            }
            List<LoadGenerator.Run> saturations = new ArrayList<>();
            List<Machine.Conditions> saturationConditions = new ArrayList<>();
            for (int i = 0; i < options.medianRuns(); i++) {
                bench.log("ingest alone: saturation run " + (i + 1));
                Machine.Window window = bench.machine().begin();
                saturations.add(traffic.closedLoop(options.scaled(15_000, 4_000)));
                saturationConditions.add(window.end());
            }
            bench.log("ingest alone: " + WebhookTraffic.OPEN_LOOP_CONNECTIONS + " clients");
            Machine.Window window = bench.machine().begin();
            LoadGenerator.Run wide = traffic.closedLoop(options.scaled(15_000, 4_000), WebhookTraffic.OPEN_LOOP_CONNECTIONS);
            Machine.Conditions wideConditions = window.end();
            bench.log("ingest alone: profiling the request path with JFR");
            byte[][] profiled = traffic.requests(options.scaled(10_000, 4_000));
            RequestProfile profile = RequestProfile.record(deployment.service, options.logDir(),
                    () -> deployment.load.closedLoop(profiled, CLIENTS, Duration.ofSeconds(60)));
            long stored = deployment.queryLong("select count(*) from webhook_events");
            double ingest = median(saturations.stream().map(LoadGenerator.Run::throughput).toList());
            write(jdbcRates, jdbcConditions, jdbcRate, floor, floorConditions, steps, targetRuns, saturations,
                    saturationConditions, ingest, stored, traffic);
            bench.report().current().append("**With ").append(WebhookTraffic.OPEN_LOOP_CONNECTIONS)
                    .append(" clients** instead of ").append(CLIENTS).append(" (closed loop, one run): ")
                    .append(num(wide.throughput())).append(" events/s (p50 ").append(ms(wide.latency().p50()))
                    .append(", p99 ").append(ms(wide.latency().p99())).append("; ").append(wideConditions.describe())
                    .append("), ").append(num(wide.throughput() / ingest)).append(" × the rate with ").append(CLIENTS)
                    .append(".\n\n");
            notes(bench.report().current(), jdbcRate, ingest, floor, floorConditions, targetRuns, profile);
            return new Reference(jdbcRate, ingest, lastJdbcPerRow, jdbcWalPerRow);
        }
    }

    private MemorySampler memory;

    private WebhookTraffic.Step step(WebhookTraffic traffic, double rate, double seconds) {
        byte[][] requests = traffic.requests((int) (rate * seconds));
        MemorySampler.Gc before = memory.gc();
        Machine.Window window = bench.machine().begin();
        LoadGenerator.Run run = deployment.load.openLoop(requests, rate, WebhookTraffic.OPEN_LOOP_CONNECTIONS,
                Duration.ofSeconds(5));
        Machine.Conditions conditions = window.end();
        ServiceProcess.sleep(600);
        return new WebhookTraffic.Step(rate, run, 0, conditions, memory.gc().minus(before));
    }

    private void write(List<Double> jdbcRates, List<Machine.Conditions> jdbcConditions, double jdbcRate,
            LoadGenerator.Run floor, Machine.Conditions floorConditions, List<WebhookTraffic.Step> steps,
            List<WebhookTraffic.Step> targetRuns, List<LoadGenerator.Run> saturations,
            List<Machine.Conditions> saturationConditions, double ingest, long stored, WebhookTraffic traffic) {
        Report report = bench.report();
        double p99 = median(targetRuns.stream().map(x -> x.run().latency().p99()).toList());
        boolean allAnswered = targetRuns.stream().allMatch(x -> x.run().ok() == x.run().requests());
        report.target("Webhook ingest throughput", "≥ 0.5 × JDBC", num(ingest) + "/s = " + num(ingest / jdbcRate)
                + " × JDBC (" + num(jdbcRate) + " rows/s)", Verdict.of(ingest >= 0.5 * jdbcRate), SECTION);
        report.target("Webhook ack p99 at 1,000 events/s", "≤ 25 ms", ms(p99) + " (median of "
                + targetRuns.stream().map(x -> ms(x.run().latency().p99())).toList() + ")",
                Verdict.of(allAnswered && p99 <= 25), SECTION);
        Machine.Conditions jdbcMedian = jdbcConditions.get(WebhookTraffic.medianIndex(jdbcRates));
        int satIndex = WebhookTraffic.medianIndex(saturations.stream().map(LoadGenerator.Run::throughput).toList());
        Machine.Conditions satMedian = saturationConditions.get(satIndex);
        LoadGenerator.Run satRun = saturations.get(satIndex);

        StringBuilder s = report.section(SECTION);
        s.append("""
                What the figure defines — signature check, durable insert, 2xx — measured on a service of its own \
                whose background processing is switched off through its own settings (%s), so nothing but ingest \
                runs; the same traffic with processing on is in the next section. Signed `payment_intent.succeeded` \
                events of %d bytes (the simulator's own event, re-addressed per order) are POSTed to \
                `/api/payments/webhook`. Open-loop latency is from the moment each request was **scheduled** (fixed \
                rate, up to %d connections) to the last byte of the answer, so queueing in front of the service \
                counts; every rate runs %s s, after a warm-up of %s events from %d clients (excluded: the JIT compiles \
                the request path meanwhile, which otherwise shows as CPU and tail latency in the first rates). \
                Service GC is the JVM's stop-the-world pauses during the rate, from `jstat`.

                **Reference — raw JDBC:** the service's own insert statement (`insert ... on conflict do nothing \
                returning id`) on a copy of `webhook_events` (`like webhook_events including all`: same columns, \
                constraints and indexes) in the same database, with the same bodies, from %d connections (the \
                service's pool size), one durable commit per row: **%s rows/s** (median of %s; %s).

                **A request with no database:** `GET /actuator/info` — an empty JSON object, through the same \
                Tomcat, Spring Security filter chain, observations and MVC as every request, plus the actuator's \
                endpoint machinery — closed loop, %d clients: **%s requests/s** (p50 %s, p99 %s; %s). It is not a \
                floor (the actuator costs more than the webhook's own handler), but it shows what the HTTP stack \
                alone costs here.

                """.formatted(String.join(" ", SETTINGS).replace("-D", "`").replace(" ", "` ") + "`",
                traffic.events().size(), WebhookTraffic.OPEN_LOOP_CONNECTIONS, num(steps.get(0).run().requests() / steps.get(0).offered()),
                num(bench.options().scaled(15_000, 6_000)), CLIENTS,
                CLIENTS, num(jdbcRate), jdbcRates.stream().map(Report::num).toList(), jdbcMedian.describe(),
                CLIENTS, num(floor.throughput()), ms(floor.latency().p50()), ms(floor.latency().p99()),
                floorConditions.describe()));
        s.append(WebhookTraffic.header());
        steps.forEach(step -> s.append(WebhookTraffic.row(step)));
        s.append("\n**1,000 events/s, ").append(targetRuns.size()).append(" runs** (the first is the row above): ");
        for (WebhookTraffic.Step run : targetRuns) {
            s.append("p50 ").append(ms(run.run().latency().p50())).append(", p99 ").append(ms(run.run().latency().p99()))
                    .append(", max ").append(ms(run.run().latency().maxMillis())).append("; ");
        }
        s.append("median p99 **").append(ms(p99)).append("**.\n\n**Saturation** (closed loop, ").append(CLIENTS)
                .append(" clients, ").append(num(saturations.get(0).requests())).append(" events per run): ");
        for (int i = 0; i < saturations.size(); i++) {
            LoadGenerator.Run r = saturations.get(i);
            s.append(num(r.throughput())).append("/s (p50 ").append(ms(r.latency().p50())).append(", p99 ")
                    .append(ms(r.latency().p99())).append("; ").append(saturationConditions.get(i).describe()).append("); ");
        }
        s.append("median **").append(num(ingest)).append(" acknowledged events/s = ").append(num(ingest / jdbcRate))
                .append(" × the JDBC reference** (").append(num(ingest / floor.throughput()))
                .append(" × the no-database request). ").append(num(stored)).append(" events stored in all.\n\n");
        lastPostgresPerEvent = satMedian.cpuMillisPer("postgres", satRun.ok());
        lastServicePerEvent = satMedian.cpuMillisPer("service", satRun.ok());
        lastJdbcPerRow = jdbcMedian.cpuMillisPer("postgres", jdbcRate * jdbcMedian.seconds());
        s.append("**CPU per event** (from the cores each process used during the median run): the JDBC loop costs "
                + "PostgreSQL ").append(num(jdbcMedian.cpuMillisPer("postgres", jdbcRate * jdbcMedian.seconds())))
                .append(" ms per row; the service's ingest costs the service JVM ")
                .append(num(satMedian.cpuMillisPer("service", satRun.ok()))).append(" ms and PostgreSQL ")
                .append(num(satMedian.cpuMillisPer("postgres", satRun.ok()))).append(" ms per event; the no-database request "
                        + "costs the service JVM ").append(num(floorConditions.cpuMillisPer("service", floor.ok())))
                .append(" ms per request.\n\n");
        double[] offered = steps.stream().mapToDouble(WebhookTraffic.Step::offered).toArray();
        s.append(report.image("ingest-alone", "Webhook ingest alone: latency and throughput against offered rate",
                new LineChart("Webhook ingest alone (processing off): acknowledgement latency", "offered events/s", "ms")
                        .logY()
                        .line("p50", offered, steps.stream().mapToDouble(x -> x.run().latency().p50()).toArray())
                        .line("p99", offered, steps.stream().mapToDouble(x -> x.run().latency().p99()).toArray())
                        .line("max", offered, steps.stream().mapToDouble(x -> x.run().latency().maxMillis()).toArray())
                        .reference("target p99 25 ms", 25)));
        s.append(report.image("ingest-alone-throughput", "Webhook ingest alone: throughput against offered rate",
                new LineChart("Webhook ingest alone: throughput against offered load", "offered events/s", "events/s")
                        .line("acknowledged", offered, steps.stream().mapToDouble(x -> x.run().throughput()).toArray())
                        .line("offered", offered, offered)
                        .reference("JDBC reference " + num(jdbcRate) + "/s", jdbcRate)
                        .reference("target 0.5 × JDBC", 0.5 * jdbcRate)
                        .reference("no-database request " + num(floor.throughput()) + "/s", floor.throughput())));
    }

    private void notes(StringBuilder s, double jdbcRate, double ingest, LoadGenerator.Run floor,
            Machine.Conditions floorConditions, List<WebhookTraffic.Step> targetRuns, RequestProfile profile) {
        double floorCpu = floorConditions.cpuMillisPer("service", floor.ok());
        s.append("**Where the service's request threads spend their CPU** during a further saturation run, from a JDK "
                + "Flight Recorder recording started in the running service with `jcmd` after the figures above were "
                + "taken (").append(profile.samples()).append(" execution samples of Tomcat's request threads and the inbox's writer threads; each "
                + "sample counted in the first row whose code is on its stack):\n\n").append(profile.table()).append("\n");
        double handler = profile.share("signature") + profile.share("event JSON") + profile.share("the insert")
                + profile.share("rest of the handler") + profile.share("the direct route");
        double security = profile.share("Spring Security");
        double observations = profile.share("Spring Security filters: their observations") + profile.share("HTTP server observation");
        if (ingest < 0.5 * jdbcRate) {
            s.append("""
                    **Why the throughput target is missed, and what would close it.** The JDBC loop pays only for \
                    PostgreSQL's work; a webhook also pays for an HTTP request in the service JVM, on the same two \
                    cores. Measured above, saturated, a webhook costs the service JVM %s ms and PostgreSQL %s ms of \
                    CPU, %s ms in all; two cores have 2,000 ms of CPU a second, so ingest cannot pass about %s/s on \
                    this machine however little it waits. 0.5 × the JDBC rate (%s/s) would need under %s ms of CPU \
                    per event in all, PostgreSQL included — less than the service JVM alone spends on a request that \
                    touches no database at all (`GET /actuator/info`: %s ms). The profile says where the request \
                    CPU goes: the handler itself (signature, parse, insert, transaction) is %s of it; the Spring \
                    Security filter chain is %s (the endpoint is public, yet it runs the whole chain); observations \
                    in all are %s; MVC around the handler (reading the body, mapping, writing the JSON answer) is %s. \
                    Already done in this build: the insert is one auto-committed statement (no transaction around \
                    it), and Spring Security's per-filter observations are off \
                    (`management.observations.enable.spring.security=false`). What would close more of the gap: \
                    (1) take `/api/payments/webhook` out of the security filter chain (its own chain with no \
                    filters); (2) answer with fixed bytes instead of a Jackson-serialised map; (3) commit the events \
                    of concurrent requests together (a few ms of group commit) to cut PostgreSQL's per-event cost, \
                    %s ms against %s ms per JDBC row; (4) PostgreSQL on cores of its own. Even all of that leaves \
                    an HTTP request against a bare insert on shared cores.

                    """.formatted(num(lastServicePerEvent), num(lastPostgresPerEvent),
                    num(lastServicePerEvent + lastPostgresPerEvent), num(2000 / (lastServicePerEvent + lastPostgresPerEvent)),
                    num(0.5 * jdbcRate), num(2000 / (0.5 * jdbcRate)), num(floorCpu), pct(handler), pct(security),
                    pct(observations), pct(profile.share("MVC")), num(lastPostgresPerEvent), num(lastJdbcPerRow)));
        } else {
            s.append("""
                    **What meets the throughput target.** Saturated, a webhook costs the service JVM %s ms and \
                    PostgreSQL %s ms of CPU (a JDBC row costs PostgreSQL %s ms). A stored delivery is acknowledged \
                    before the Spring Security filter chain and MVC, with fixed answer bytes and its body read once \
                    as raw bytes (anything else goes on to the documented route); the inserts of concurrent \
                    deliveries are written by one statement and one durable commit (group commit on the inbox's \
                    writer threads; each delivery is answered only after its commit returned, and nothing waits on \
                    purpose); Spring Security's per-filter observations are off. The profile above: the handler's \
                    own work (signature, parse, insert, hand-over, the direct route) is %s of the samples, MVC %s, \
                    the security chain %s, observations %s — the rest is Tomcat's HTTP parsing and I/O.

                    """.formatted(num(lastServicePerEvent), num(lastPostgresPerEvent), num(lastJdbcPerRow),
                    pct(handler), pct(profile.share("MVC")), pct(security), pct(observations)));
        }
        double p99 = median(targetRuns.stream().map(x -> x.run().latency().p99()).toList());
        if (p99 > 25) {
            s.append("""
                    **Why the p99 target is missed at 1,000 events/s.** The median request takes about %s, so the \
                    tail is waiting, not work. Every acknowledgement waits for its commit's flush, so a stalled flush \
                    sets the tail: on a server making WAL files (a new one, or one given a small `min_wal_size`) \
                    every commit waits while a file is written and flushed (BENCHMARKS' seventeenth pass; this \
                    bench makes its server's files ahead, as "Machine and method" says, unless told otherwise). \
                    Next come the service's own pauses: at 1,000/s its JVM uses %s of the two cores, and GC pauses \
                    and the JIT stop or slow every request in flight (the service GC column).

                    """.formatted(ms(targetRuns.get(0).run().latency().p50()),
                    num(targetRuns.get(0).conditions().cores().getOrDefault("service", 0.0))));
        }
    }

    private double lastPostgresPerEvent = Double.NaN;
    private double lastServicePerEvent = Double.NaN;
    private double lastJdbcPerRow = Double.NaN;

    private static String pct(double share) {
        return String.format(java.util.Locale.ROOT, "%.0f %%", share * 100);
    }
}
