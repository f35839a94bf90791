package dev.checkstand.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Command-line options. Without any, the full suite runs from the repository root against
 * {@code app/target/checkstand.jar} on the same {@code java} that runs the suite, and writes docs/BENCHMARKS.md.
 */
public record Options(Path root, Path serviceJar, String serviceJava, List<String> serviceJvmArgs, Path output,
        Path logDir, boolean quick, List<Long> lookupSizes, Set<String> only, String adminPassword,
        Map<String, String> postgresSettings, boolean mappedProducts) {

    /**
     * The JVM options docs/OPERATIONS.md ("Memory") gives a deployment: the service is measured as it is run. (Withdrawn
     * for a few hours on 2026-12-04, while a flood of order notifications ran this heap out at a million orders.)
     */
    static final List<String> DEPLOYED_JVM_ARGS = List.of("-Xmx256m");

    static final String USAGE = """
            java -jar bench/target/checkstand-bench.jar [options]   (from the repository root, after ./mvnw -B -q package -DskipTests)
              --quick                  a smoke run with small sizes (about 7 minutes); figures are not comparable
              --service-java PATH      the java that runs the service (default: the one running this suite)
              --service-jvm-args ARGS  JVM options for the service, space-separated (default: -Xmx256m, the heap
                                       bound docs/OPERATIONS.md gives a deployment; "" for the JVM's defaults)
              --lookup-sizes N,N,N     order counts for the lookup figure (default 10000,1000000,10000000)
              --only a,b               run only these parts: ingest (ingest-alone: its first half), checkout, confirm, calls, recovery,
                                       fulfillment (fulfillment-latency, fulfillment-drain: its halves), live-status, lookup
              --output PATH            where the report goes (default docs/BENCHMARKS.md)
              --postgres-setting K=V   a PostgreSQL server setting on top of the suite's own (repeatable), for an
                                       experiment; the report lists it with the others
              --mapped-products        the webhook, checkout, confirm and calls parts' products mapped to Printful
                                       variants (the service's built-in Printful simulator), so that their paid orders
                                       are submitted, not blocked and flagged; for an experiment, the report says so
            """;

    static Options parse(String[] args) {
        Path root = Path.of("").toAbsolutePath();
        String serviceJava = ProcessHandle.current().info().command().orElse("java");
        List<String> jvmArgs = DEPLOYED_JVM_ARGS;
        Path output = null;
        boolean quick = false;
        boolean mappedProducts = false;
        List<Long> sizes = null;
        Set<String> only = Set.of();
        Map<String, String> postgresSettings = new java.util.TreeMap<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--mapped-products" -> mappedProducts = true;
                case "--service-java" -> serviceJava = args[++i];
                case "--service-jvm-args" -> jvmArgs = Arrays.stream(args[++i].trim().split("\\s+"))
                        .filter(s -> !s.isEmpty()).toList();
                case "--lookup-sizes" -> sizes = Arrays.stream(args[++i].split(",")).map(String::trim)
                        .map(Long::parseLong).toList();
                case "--only" -> only = Set.of(args[++i].split(","));
                case "--output" -> output = Path.of(args[++i]);
                case "--postgres-setting" -> {
                    String setting = args[++i];
                    int equals = setting.indexOf('=');
                    if (equals <= 0) {
                        throw new IllegalArgumentException("--postgres-setting wants NAME=VALUE, not " + setting);
                    }
                    postgresSettings.put(setting.substring(0, equals).trim(), setting.substring(equals + 1).trim());
                }
                case "--help", "-h" -> {
                    System.out.println(USAGE);
                    System.exit(0);
                }
                default -> throw new IllegalArgumentException("Unknown option " + args[i] + "\n" + USAGE);
            }
        }
        if (sizes == null) {
            sizes = quick ? List.of(10_000L, 100_000L) : List.of(10_000L, 1_000_000L, 10_000_000L);
        }
        Path jar = root.resolve("app/target/checkstand.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("No service jar at " + jar + ": run this from the repository root after "
                    + "./mvnw -B -q package -DskipTests");
        }
        if (output == null) {
            output = root.resolve(quick ? "bench/target/BENCHMARKS-quick.md" : "docs/BENCHMARKS.md");
        }
        return new Options(root, jar, serviceJava, new ArrayList<>(jvmArgs), output.toAbsolutePath(),
                root.resolve("bench/target/logs"), quick, sizes, only, "bench-" + UUID.randomUUID(),
                Map.copyOf(postgresSettings), mappedProducts);
    }

    /** Whether a part of the suite runs. */
    public boolean runs(String part) {
        return only.isEmpty() || only.contains(part);
    }

    /**
     * How many runs a figure that decides a target is the median of: the JDBC reference, the 1,000 events/s runs and
     * the saturation runs. Five, not three: runs of the same code spread by up to 1.8 × within one report (the JDBC
     * reference, 2026-12-04), and a median of three moved with a single bad run.
     */
    public int medianRuns() {
        return scaled(5, 1);
    }

    /** Scales a count down for a quick run. */
    public int scaled(int full, int quick) {
        return this.quick ? quick : full;
    }
}
