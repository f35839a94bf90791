package dev.checkstand.bench;

import dev.checkstand.bench.report.Report;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.stream.IntStream;

/**
 * Runs the whole benchmark suite and writes docs/BENCHMARKS.md with its plots in docs/benchmarks/. Run from the
 * repository root after {@code ./mvnw -B -q package -DskipTests}: {@code java -jar bench/target/checkstand-bench.jar}.
 */
public final class BenchmarkSuite {

    private static final long START = System.nanoTime();

    private BenchmarkSuite() {
    }

    static double elapsedSeconds() {
        return (System.nanoTime() - START) / 1e9;
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Options options = Options.parse(args);
        Path images = options.output().getParent().resolve("benchmarks");
        Report report = new Report(images, "benchmarks");
        Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String loadAtStart = Machine.loadAverage();
        Set<Long> services = new CopyOnWriteArraySet<>();
        List<Postgres> others = new CopyOnWriteArrayList<>();
        try (Postgres postgres = Postgres.start(options.postgresSettings())) {
            Machine machine = new Machine(() -> {
                Map<String, Set<Long>> groups = new LinkedHashMap<>();
                groups.put("service", Set.copyOf(services));
                Set<Long> servers = new HashSet<>(postgres.processes());
                others.forEach(other -> servers.addAll(other.processes()));
                groups.put("postgres", servers);
                return groups;
            });
            Bench bench = new Bench(options, machine, postgres, report, services);
            bench.log("PostgreSQL " + postgres.version() + " started, " + postgres.walFiles().files()
                    + " WAL files made ahead in " + String.format("%.1f s", postgres.walFiles().seconds()));
            GeneratorCapacity.run(bench);
            IngestAlone.Reference reference = null;
            if (options.runs("ingest") || options.runs("ingest-alone")) {
                try (Deployment alone = Deployment.start(bench, "ingest", IngestAlone.JVM_OPTIONS.toArray(String[]::new))) {
                    reference = new IngestAlone(bench, alone).run();
                }
            }
            if (options.runs("ingest") || options.runs("checkout") || options.runs("confirm") || options.runs("calls")) {
                try (Deployment main = Deployment.start(bench, "checkstand")) {
                    // Without a Printful variant (the suite's own runs): every paid order's fulfillment is blocked
                    // and the order flagged, at no Printful call.
                    List<String> variants = PrintfulDeployment.VARIANTS;
                    List<UUID> products = options.mappedProducts()
                            ? main.createProducts(IntStream.range(0, 10)
                                    .mapToObj(i -> variants.get(i % variants.size())).toList())
                            : main.createProducts(10);
                    if (options.runs("ingest") && reference != null) {
                        new IngestBenchmark(bench, main, products, reference).run();
                    }
                    if (options.runs("checkout")) {
                        new CheckoutBenchmark(bench, main, products).run();
                    }
                    if (options.runs("confirm")) {
                        new ConfirmBenchmark(bench, main, products).run();
                    }
                    if (options.runs("calls")) {
                        new CallsPerCheckout(bench, main, products).run();
                    }
                }
            }
            if (options.runs("recovery")) {
                try (Deployment recovery = Deployment.start(bench, "recovery",
                        java.util.Map.of("CHECKSTAND_STRIPE_RATE_LIMIT", "90"))) {
                    new RecoveryBenchmark(bench, recovery).run();
                }
            }
            if (options.runs("fulfillment") || options.runs("fulfillment-latency")) {
                try (PrintfulDeployment fulfillment = PrintfulDeployment.start(bench, "fulfillment", 0,
                        FulfillmentLatency.SERVICE_CALLS_PER_MINUTE)) {
                    new FulfillmentLatency(bench, fulfillment).run();
                }
            }
            if (options.runs("fulfillment") || options.runs("fulfillment-drain")) {
                try (PrintfulDeployment drain = PrintfulDeployment.start(bench, "fulfillment_drain",
                        FulfillmentDrain.CALLS_PER_MINUTE, FulfillmentDrain.CALLS_PER_MINUTE)) {
                    new FulfillmentDrain(bench, drain).run();
                }
            }
            if (options.runs("live-status")) {
                try (Deployment live = Deployment.start(bench, "livestatus")) {
                    new LiveStatusBenchmark(bench, live).run();
                    new NotifyCommitCost(bench, live).run();
                }
            }
            if (options.runs("lookup")) {
                try (Postgres bulk = Postgres.startForBulkLoad(Postgres.BULK_LOAD_SETTINGS)) {
                    others.add(bulk);
                    Bench onBulk = new Bench(options, machine, bulk, report, services);
                    try (Deployment lookup = Deployment.start(onBulk, "lookup", LookupBenchmark.QUIET_JOBS.toArray(String[]::new))) {
                        new LookupBenchmark(onBulk, lookup).run();
                    } finally {
                        others.remove(bulk);
                    }
                }
            }
            header(report, options, postgres, started, loadAtStart);
        }
        report.write(options.output());
        System.out.printf("Wrote %s in %.1f minutes%n", options.root().relativize(options.output()), elapsedSeconds() / 60);
    }

    private static void header(Report report, Options options, Postgres postgres, Instant started, String loadAtStart)
            throws IOException {
        String serviceJavaVersion = javaVersion(options.serviceJava());
        report.header("""
                ## Service: the benchmark suite (`bench`)

                Generated by `java -jar bench/target/checkstand-bench.jar`%s on %s UTC in %.1f minutes; do not edit by \
                hand — run the suite again (see [How to run](#how-to-run)). Every figure is measured in the same run \
                as the reference it is compared with, on the machine below.

                ### Machine and method

                | | |
                |---|---|
                | CPU | %s, %d cores as seen by the JVM |
                | memory | %,d MB |
                | kernel | %s |
                | service JVM | `%s` (%s), options: %s |
                | harness JVM | %s |
                | PostgreSQL | %s (zonky embedded binaries), settings: %s |
                | products of the webhook, checkout, confirm and calls parts | %s |
                | load average | %s at the start, %s at the end |

                - **One machine, shared.** The service (its own JVM, started as deployed: `java -jar \
                app/target/checkstand.jar` with the JVM options in the table above and its documented environment variables), PostgreSQL, the Stripe \
                and Printful simulators and the load generator all run on the same two cores, so every figure includes their \
                competition for CPU. Each figure lists the load average before → after it and the CPU used by \
                processes outside the benchmark (the service, PostgreSQL and this harness are subtracted); a figure \
                taken while other processes used 0.2 cores or more is marked **busy** and should be measured again.
                - **References in the same run.** Ratios are against a reference measured minutes apart on the same \
                PostgreSQL: the webhook figures against a raw JDBC insert loop, the checkout figures against the \
                simulator's own capacity, the lookup against the same query at 10 thousand orders and the seed's old scan.
                - **A database past its first checkpoints.** Before the first figure the server makes its `min_wal_size` \
                of WAL files and a checkpoint recycles them (%,d files ready ahead of the one being written, %.1f s), as a server that has run for a while has \
                its files ready: a server just made by initdb makes each new 16 MB file when its WAL reaches it, \
                writing and flushing it while every commit waits (in one run each on 2026-12-05, the \
                acknowledgement p99 with processing on was 45.6 ms that way, against 12.6 ms with \
                `wal_init_zero=off`). `--postgres-setting min_wal_size=80MB` (PostgreSQL's default: 5 files made ahead) \
                measures a server that makes its own files, as a new one does.
                - **Warm-up excluded.** Every HTTP figure is preceded by an unmeasured warm-up at the same endpoint.
                - **Open and closed loop.** Rate sweeps are open loop (a fixed schedule; latency from the scheduled \
                time, so a slow answer cannot hold back the next request and hide queueing). Saturation figures are \
                closed loop with a stated number of clients. The generator's own limits are measured first.
                - **Several runs.** The reference and saturation figures are the median of several runs, each listed.
                - **Percentiles** are exact (nearest rank over every request), not histogram estimates.
                - The webhook signing secret, keys and admin password are generated per run; nothing leaves the machine.

                ### How to run

                ```
                ./mvnw -B -q package -DskipTests && java -jar bench/target/checkstand-bench.jar
                ```

                From the repository root; it needs only a JDK 17+ and takes about 33 minutes (2026-12-02, a slow \
                disk), 9 of them the fulfillment part (most of that the drain at Printful's real limit) and 12 the \
                webhook part (`--only ingest`). `--quick` is a 7-minute smoke run \
                (figures not comparable), `--service-java PATH` runs the service on another JDK \
                (e.g. 21+ for virtual threads), `--help` lists the rest. `./mvnw -B verify` builds this module but \
                runs none of it.

                """.formatted((options.quick() ? " --quick" : "") + (options.mappedProducts() ? " --mapped-products" : ""),
                started.toString().replace('T', ' ').replace("Z", ""),
                elapsedSeconds() / 60, Machine.cpuModel(), Runtime.getRuntime().availableProcessors(),
                Machine.memoryTotalMb(), Machine.kernel(), options.serviceJava(), serviceJavaVersion,
                options.serviceJvmArgs().isEmpty() ? "none (JVM defaults)" : "`" + String.join(" ", options.serviceJvmArgs()) + "`",
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"), postgres.version(),
                settings(options).entrySet().stream()
                        .map(e -> "`" + e.getKey() + "=" + e.getValue() + "`").toList(),
                options.mappedProducts()
                        ? "mapped to the service's built-in Printful simulator's variants (`--mapped-products`): each paid"
                                + " order's fulfillment is submitted to Printful at its rate limit"
                        : "no Printful variant: each paid order's fulfillment is blocked and the order flagged, at no"
                                + " Printful call",
                loadAtStart, Machine.loadAverage(), postgres.walFiles().files(), postgres.walFiles().seconds()));
    }

    // The server's settings as run: the suite's own, then any given with --postgres-setting.
    private static Map<String, String> settings(Options options) {
        Map<String, String> settings = new java.util.TreeMap<>(Postgres.SETTINGS);
        settings.putAll(options.postgresSettings());
        return settings;
    }

    private static String javaVersion(String java) {
        try {
            Process p = new ProcessBuilder(java, "-version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            return out.lines().skip(1).findFirst().orElse(out).trim();
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
