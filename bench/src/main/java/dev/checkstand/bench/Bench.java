package dev.checkstand.bench;

import dev.checkstand.bench.report.Report;

/** What every part of the suite shares: options, the machine, the PostgreSQL server and the report. */
record Bench(Options options, Machine machine, Postgres postgres, Report report, java.util.Set<Long> services) {

    /** Logs progress to the console with the elapsed time. */
    void log(String message) {
        System.out.printf("[%6.1fs] %s (load %s)%n", BenchmarkSuite.elapsedSeconds(), message, Machine.loadAverage());
    }
}
