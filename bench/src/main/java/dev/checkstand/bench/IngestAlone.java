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
 * {@code checkstand.webhooks.poll=false}), next to the JDBC insert loop in the same PostgreSQL and the service's
 * HTTP floor. {@link IngestBenchmark} measures the same traffic with processing on.
 */
final class IngestAlone {

    static final List<String> SETTINGS = List.of("-Dcheckstand.webhooks.process-on-receipt=false",
            "-Dcheckstand.webhooks.poll=false");
    static final String SECTION = "Webhook ingest";

    private final Bench bench;
    private final Deployment deployment;

    /** What the other webhook figures are compared with. */
    record Reference(double jdbcRate, double ingestRate) {
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
        for (int i = 0; i < options.scaled(3, 1); i++) {
            Machine.Window window = bench.machine().begin();
            jdbcRates.add(jdbc.run(CLIENTS, options.quick() ? 3 : 5));
            jdbcConditions.add(window.end());
        }
        double jdbcRate = median(jdbcRates);

        bench.log("ingest alone: the service's HTTP floor, GET /actuator/info");
        byte[][] info = new byte[300_000][];
        Arrays.fill(info, Requests.get("/actuator/info", Map.of()));
        deployment.load.closedLoop(info, CLIENTS, Duration.ofSeconds(options.quick() ? 2 : 5));
        Machine.Window floorWindow = bench.machine().begin();
        LoadGenerator.Run floor = deployment.load.closedLoop(info, CLIENTS, Duration.ofSeconds(options.quick() ? 2 : 5));
        Machine.Conditions floorConditions = floorWindow.end();

        bench.log("ingest alone: warm-up");
        traffic.openLoop(1000, options.quick() ? 2 : 6);
        List<WebhookTraffic.Step> steps = new ArrayList<>();
        for (double rate : options.quick() ? List.of(1000.0, 2000.0) : List.of(1000.0, 2000.0, 3000.0, 4000.0)) {
            bench.log("ingest alone: " + (int) rate + " events/s for " + stepSeconds + " s");
            steps.add(step(traffic, rate, stepSeconds));
        }
        List<WebhookTraffic.Step> targetRuns = new ArrayList<>(List.of(steps.get(0)));
        for (int i = 1; i < options.scaled(3, 1); i++) {
            bench.log("ingest alone: 1000 events/s again (run " + (i + 1) + ")");
            targetRuns.add(step(traffic, 1000, stepSeconds));
        }
        List<LoadGenerator.Run> saturations = new ArrayList<>();
        List<Machine.Conditions> saturationConditions = new ArrayList<>();
        for (int i = 0; i < options.scaled(3, 1); i++) {
            bench.log("ingest alone: saturation run " + (i + 1));
            Machine.Window window = bench.machine().begin();
            saturations.add(traffic.closedLoop(options.scaled(15_000, 4_000)));
            saturationConditions.add(window.end());
        }
        long stored = deployment.queryLong("select count(*) from webhook_events");
        double ingest = median(saturations.stream().map(LoadGenerator.Run::throughput).toList());
        write(jdbcRates, jdbcConditions, jdbcRate, floor, floorConditions, steps, targetRuns, saturations,
                saturationConditions, ingest, stored, traffic);
        return new Reference(jdbcRate, ingest);
    }

    private WebhookTraffic.Step step(WebhookTraffic traffic, double rate, double seconds) {
        byte[][] requests = traffic.requests((int) (rate * seconds));
        Machine.Window window = bench.machine().begin();
        LoadGenerator.Run run = deployment.load.openLoop(requests, rate, WebhookTraffic.OPEN_LOOP_CONNECTIONS,
                Duration.ofSeconds(5));
        return new WebhookTraffic.Step(rate, run, 0, window.end());
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
                counts; every rate runs %s s after a warm-up (excluded).

                **Reference — raw JDBC:** the service's own insert statement (`insert ... on conflict do nothing \
                returning id`) on a copy of `webhook_events` (`like webhook_events including all`: same columns, \
                constraints and indexes) in the same database, with the same bodies, from %d connections (the \
                service's pool size), one durable commit per row: **%s rows/s** (median of %s; %s).

                **The service's HTTP floor:** `GET /actuator/info` — no database, an empty JSON object, but the same \
                Tomcat, Spring Security filter chain, observations and MVC as every request — closed loop, %d \
                clients: **%s requests/s** (p50 %s, p99 %s; %s). No endpoint of this service answers faster here.

                """.formatted(String.join(" ", SETTINGS).replace("-D", "`").replace(" ", "` ") + "`",
                traffic.events().size(), WebhookTraffic.OPEN_LOOP_CONNECTIONS, num(steps.get(0).run().requests() / steps.get(0).offered()),
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
                .append(" × the HTTP floor). ").append(num(stored)).append(" events stored in all.\n\n");
        s.append("**CPU per event** (from the cores each process used during the median run): the JDBC loop costs "
                + "PostgreSQL ").append(num(jdbcMedian.cpuMillisPer("postgres", jdbcRate * jdbcMedian.seconds())))
                .append(" ms per row; the service's ingest costs the service JVM ")
                .append(num(satMedian.cpuMillisPer("service", satRun.ok()))).append(" ms and PostgreSQL ")
                .append(num(satMedian.cpuMillisPer("postgres", satRun.ok()))).append(" ms per event; the HTTP floor "
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
                        .reference("HTTP floor " + num(floor.throughput()) + "/s", floor.throughput())));
    }
}
