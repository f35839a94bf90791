package dev.checkstand.chaos;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What one run does: its size, its chaos, the customers' think time between stories, the service jar it runs, where
 * it writes its report (null: no report) and its logs, and when the service captures payments.
 */
record ChaosConfig(Path root, int instances, int checkouts, int customers, int killEverySeconds, int restartAfterSeconds,
        boolean postgresRestart, Duration hold, Duration healLimit, Duration think, Path appJar, Path report,
        Path workDir, Capture capture) {

    /** When the service instances capture payments ({@code CHECKSTAND_CAPTURE}). */
    enum Capture {
        AUTOMATIC, ON_FULFILLMENT;

        String wire() {
            return name().toLowerCase();
        }

        static Capture parse(String value) {
            for (Capture c : values()) {
                if (c.wire().equals(value)) {
                    return c;
                }
            }
            throw new IllegalArgumentException("--capture must be automatic or on_fulfillment, was " + value + "\n" + USAGE);
        }
    }

    static final String USAGE = """
            java -jar chaos/target/checkstand-chaos.jar [options]   (from the repository root, after ./mvnw -B -q package -DskipTests)
              --short                a short run: 2 instances, 200 checkouts, a kill every 10 s, no PostgreSQL restart
              --instances N          service instances (default 3)
              --checkouts N          checkouts (default 1000)
              --customers N          concurrent customers (default 8)
              --think MS             a customer's mean pause between stories in ms (default 1000; short run 1800)
              --kill-every S         seconds between kills, counted while at least two instances are up (default 15; 0: none)
              --no-postgres-restart  skip the PostgreSQL restart
              --hold S               the reservation hold in seconds (default 90)
              --app-jar PATH         the service jar to run (default app/target/checkstand.jar; the mutation check
                                     passes a deliberately broken one)
              --work-dir PATH        where the database, logs and CHAOS-last.md go (default chaos/target/run)
              --report PATH          where the report goes (default docs/CHAOS.md, with --capture on_fulfillment
                                     docs/CHAOS-capture.md; "none": no file)
              --capture MODE         automatic (default) or on_fulfillment: every instance runs with CHECKSTAND_CAPTURE=MODE;
                                     on_fulfillment also moves Printful orders into production (captures) and has the
                                     admin capture part of some authorizations and release others (work dir run*-capture)
            """;

    static ChaosConfig full(Path root) {
        return full(root, Capture.AUTOMATIC);
    }

    static ChaosConfig full(Path root, Capture capture) {
        boolean automatic = capture == Capture.AUTOMATIC;
        return new ChaosConfig(root, 3, 1000, 8, 15, 4, true, Duration.ofSeconds(90), Duration.ofMinutes(6),
                Duration.ofMillis(1000), root.resolve("app/target/checkstand.jar"),
                root.resolve(automatic ? "docs/CHAOS.md" : "docs/CHAOS-capture.md"),
                root.resolve(automatic ? "chaos/target/run" : "chaos/target/run-capture"), capture);
    }

    static ChaosConfig shortRun(Path root) {
        return shortRun(root, Capture.AUTOMATIC);
    }

    static ChaosConfig shortRun(Path root, Capture capture) {
        return new ChaosConfig(root, 2, 200, 6, 10, 3, false, Duration.ofSeconds(60), Duration.ofMinutes(4),
                Duration.ofMillis(1800), root.resolve("app/target/checkstand.jar"), null,
                root.resolve(capture == Capture.AUTOMATIC ? "chaos/target/run-short" : "chaos/target/run-short-capture"),
                capture);
    }

    boolean onFulfillment() {
        return capture == Capture.ON_FULFILLMENT;
    }

    static ChaosConfig parse(String[] args) {
        Path root = Path.of("").toAbsolutePath();
        List<String> all = java.util.Arrays.asList(args);
        boolean isShort = all.contains("--short");
        // The capture mode chooses the default report and work directory, so it is read before the other options.
        int captureAt = all.indexOf("--capture");
        Capture capture = captureAt >= 0 && captureAt + 1 < args.length ? Capture.parse(args[captureAt + 1])
                : Capture.AUTOMATIC;
        ChaosConfig c = isShort ? shortRun(root, capture) : full(root, capture);
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (option.equals("--help") || option.equals("-h")) {
                System.out.println(USAGE);
                System.exit(0);
            }
            if (option.equals("--short")) {
                continue;
            }
            if (option.equals("--no-postgres-restart")) {
                c = new ChaosConfig(c.root, c.instances, c.checkouts, c.customers, c.killEverySeconds,
                        c.restartAfterSeconds, false, c.hold, c.healLimit, c.think, c.appJar, c.report, c.workDir,
                        c.capture);
                continue;
            }
            if (option.equals("--capture") && i + 1 < args.length) {
                i++;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("Option " + option + " needs a value\n" + USAGE);
            }
            c = c.with(option, args[++i]);
        }
        c.checkJars();
        return c;
    }

    private ChaosConfig with(String option, String value) {
        return switch (option) {
            case "--instances" -> new ChaosConfig(root, Integer.parseInt(value), checkouts, customers, killEverySeconds,
                    restartAfterSeconds, postgresRestart, hold, healLimit, think, appJar, report, workDir, capture);
            case "--checkouts" -> new ChaosConfig(root, instances, Integer.parseInt(value), customers, killEverySeconds,
                    restartAfterSeconds, postgresRestart, hold, healLimit, think, appJar, report, workDir, capture);
            case "--customers" -> new ChaosConfig(root, instances, checkouts, Integer.parseInt(value), killEverySeconds,
                    restartAfterSeconds, postgresRestart, hold, healLimit, think, appJar, report, workDir, capture);
            case "--think" -> new ChaosConfig(root, instances, checkouts, customers, killEverySeconds,
                    restartAfterSeconds, postgresRestart, hold, healLimit, Duration.ofMillis(Long.parseLong(value)),
                    appJar, report, workDir, capture);
            case "--kill-every" -> new ChaosConfig(root, instances, checkouts, customers, Integer.parseInt(value),
                    restartAfterSeconds, postgresRestart, hold, healLimit, think, appJar, report, workDir, capture);
            case "--hold" -> new ChaosConfig(root, instances, checkouts, customers, killEverySeconds,
                    restartAfterSeconds, postgresRestart, Duration.ofSeconds(Long.parseLong(value)), healLimit, think,
                    appJar, report, workDir, capture);
            case "--app-jar" -> new ChaosConfig(root, instances, checkouts, customers, killEverySeconds,
                    restartAfterSeconds, postgresRestart, hold, healLimit, think, Path.of(value).toAbsolutePath(),
                    report, workDir, capture);
            case "--work-dir" -> new ChaosConfig(root, instances, checkouts, customers, killEverySeconds,
                    restartAfterSeconds, postgresRestart, hold, healLimit, think, appJar, report,
                    Path.of(value).toAbsolutePath(), capture);
            case "--report" -> new ChaosConfig(root, instances, checkouts, customers, killEverySeconds,
                    restartAfterSeconds, postgresRestart, hold, healLimit, think, appJar,
                    value.equals("none") ? null : Path.of(value).toAbsolutePath(), workDir, capture);
            default -> throw new IllegalArgumentException("Unknown option " + option + "\n" + USAGE);
        };
    }

    Path simulatorJar() {
        return root.resolve("simulator/target/stripe-simulator.jar");
    }

    void checkJars() {
        for (Path jar : new Path[] {appJar(), simulatorJar()}) {
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException("No " + jar + ": run from the repository root after ./mvnw -B -q package -DskipTests");
            }
        }
    }
}
