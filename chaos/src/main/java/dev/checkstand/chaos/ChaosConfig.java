package dev.checkstand.chaos;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** What one run does: its size, its chaos, and where it finds the jars and writes its report (null: no report). */
record ChaosConfig(Path root, int instances, int checkouts, int customers, int killEverySeconds, int restartAfterSeconds,
        boolean postgresRestart, Duration hold, Duration healLimit, Path report, Path workDir) {

    static final String USAGE = """
            java -jar chaos/target/checkstand-chaos.jar [options]   (from the repository root, after ./mvnw -B -q package -DskipTests)
              --short                a short run: 2 instances, 200 checkouts, a kill every 10 s, no PostgreSQL restart
              --instances N          service instances (default 3)
              --checkouts N          checkouts (default 1000)
              --customers N          concurrent customers (default 8)
              --kill-every S         seconds between kills (default 15; 0: none)
              --no-postgres-restart  skip the PostgreSQL restart
              --hold S               the reservation hold in seconds (default 90)
              --report PATH          where the report goes (default docs/CHAOS.md; "none": no file)
            """;

    static ChaosConfig full(Path root) {
        return new ChaosConfig(root, 3, 1000, 8, 15, 4, true, Duration.ofSeconds(90), Duration.ofMinutes(6),
                root.resolve("docs/CHAOS.md"), root.resolve("chaos/target/run"));
    }

    static ChaosConfig shortRun(Path root) {
        return new ChaosConfig(root, 2, 200, 6, 10, 3, false, Duration.ofSeconds(60), Duration.ofMinutes(4),
                null, root.resolve("chaos/target/run-short"));
    }

    static ChaosConfig parse(String[] args) {
        Path root = Path.of("").toAbsolutePath();
        ChaosConfig c = full(root);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--short" -> c = shortRun(root);
                case "--instances" -> c = c.with(Integer.parseInt(args[++i]), c.checkouts, c.killEverySeconds, c.postgresRestart);
                case "--checkouts" -> c = c.with(c.instances, Integer.parseInt(args[++i]), c.killEverySeconds, c.postgresRestart);
                case "--kill-every" -> c = c.with(c.instances, c.checkouts, Integer.parseInt(args[++i]), c.postgresRestart);
                case "--no-postgres-restart" -> c = c.with(c.instances, c.checkouts, c.killEverySeconds, false);
                case "--customers" -> c = new ChaosConfig(c.root, c.instances, c.checkouts, Integer.parseInt(args[++i]),
                        c.killEverySeconds, c.restartAfterSeconds, c.postgresRestart, c.hold, c.healLimit, c.report, c.workDir);
                case "--hold" -> c = new ChaosConfig(c.root, c.instances, c.checkouts, c.customers, c.killEverySeconds,
                        c.restartAfterSeconds, c.postgresRestart, Duration.ofSeconds(Long.parseLong(args[++i])), c.healLimit,
                        c.report, c.workDir);
                case "--report" -> {
                    String value = args[++i];
                    c = c.withReport(value.equals("none") ? null : Path.of(value).toAbsolutePath());
                }
                case "--help", "-h" -> {
                    System.out.println(USAGE);
                    System.exit(0);
                }
                default -> throw new IllegalArgumentException("Unknown option " + args[i] + "\n" + USAGE);
            }
        }
        c.checkJars();
        return c;
    }

    ChaosConfig with(int instances, int checkouts, int killEvery, boolean pgRestart) {
        return new ChaosConfig(root, instances, checkouts, customers, killEvery, restartAfterSeconds, pgRestart, hold,
                healLimit, report, workDir);
    }

    ChaosConfig withReport(Path report) {
        return new ChaosConfig(root, instances, checkouts, customers, killEverySeconds, restartAfterSeconds,
                postgresRestart, hold, healLimit, report, workDir);
    }

    Path appJar() {
        return root.resolve("app/target/checkstand.jar");
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
