package dev.checkstand.bench;

import static dev.checkstand.bench.report.Report.ms;
import static dev.checkstand.bench.report.Report.num;

import dev.checkstand.bench.load.Latencies;
import dev.checkstand.bench.report.Report;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the {@code order_status} trigger costs the transactions that change orders. PostgreSQL commits transactions
 * that notified one at a time (a lock held from before the commit record until the commit is flushed, so the queue
 * stays in commit order), which takes group commit away from them. Measured closed loop on the live-status
 * deployment once its second instance stopped (the first still listens; no stream is open): connections each commit
 * one-row updates of an order of their own (no row lock shared) as fast as they can, the trigger enabled and disabled
 * in turn ({@code ALTER TABLE orders DISABLE TRIGGER}) on the benchmark's own database.
 */
final class NotifyCommitCost {

    private static final int CONNECTIONS = 16;

    private final Bench bench;
    private final Deployment deployment;

    private record Round(boolean notifying, double commitsPerSecond, Latencies commits,
            Machine.Conditions conditions) {
    }

    NotifyCommitCost(Bench bench, Deployment deployment) {
        this.bench = bench;
        this.deployment = deployment;
    }

    void run() throws Exception {
        List<UUID> orders = orders();
        Duration each = Duration.ofSeconds(bench.options().scaled(8, 3));
        List<Round> rounds = new ArrayList<>();
        try {
            for (boolean notifying : List.of(false, true, false, true)) {
                trigger(notifying);
                bench.log("notify cost: " + CONNECTIONS + " connections committing, trigger " + (notifying ? "on" : "off"));
                rounds.add(round(orders, notifying, each));
            }
        } finally {
            trigger(true);
        }
        write(rounds, each);
    }

    private Round round(List<UUID> orders, boolean notifying, Duration length) throws InterruptedException {
        AtomicBoolean go = new AtomicBoolean(true);
        List<long[]> perConnection = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        Machine.Window window = bench.machine().begin();
        long start = System.nanoTime();
        for (int c = 0; c < CONNECTIONS; c++) {
            UUID order = orders.get(c);
            long[] nanos = new long[200_000];
            perConnection.add(nanos);
            Thread thread = new Thread(() -> {
                try (Connection connection = deployment.connect(); PreparedStatement update = connection.prepareStatement(
                        "update orders set version = version + 1 where id = ?")) {
                    connection.setAutoCommit(false);
                    update.setObject(1, order);
                    for (int i = 0; go.get() && i < nanos.length; i++) {
                        update.executeUpdate();
                        long begun = System.nanoTime();
                        connection.commit();
                        nanos[i] = System.nanoTime() - begun;
                    }
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }, "committer-" + c);
            threads.add(thread);
            thread.start();
        }
        ServiceProcess.sleep(length.toMillis());
        go.set(false);
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Machine.Conditions conditions = window.end();
        long[] all = perConnection.stream().flatMapToLong(n -> java.util.Arrays.stream(n).filter(v -> v > 0)).toArray();
        return new Round(notifying, all.length / seconds, Latencies.of(all, all.length), conditions);
    }

    private List<UUID> orders() throws SQLException {
        List<UUID> orders = new ArrayList<>();
        try (Connection connection = deployment.connect(); Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("select id from orders order by id limit " + CONNECTIONS)) {
            while (rs.next()) {
                orders.add(rs.getObject(1, UUID.class));
            }
        }
        if (orders.size() < CONNECTIONS) {
            throw new IllegalStateException("needs " + CONNECTIONS + " orders, found " + orders.size());
        }
        return orders;
    }

    private void trigger(boolean enabled) throws SQLException {
        try (Connection connection = deployment.connect(); Statement s = connection.createStatement()) {
            s.execute("alter table orders " + (enabled ? "enable" : "disable") + " trigger orders_notify_status");
        }
    }

    private void write(List<Round> rounds, Duration each) {
        Report report = bench.report();
        StringBuilder s = report.section("What the notify trigger costs order commits");
        s.append("""
                PostgreSQL commits transactions that notified one at a time (a lock from before the commit record \
                until the commit is flushed keeps the notification queue in commit order), so they lose group \
                commit. On the live-status deployment, its second instance stopped (the first still listens, no \
                stream is open), %d connections each commit one-row updates of an order of their own (`update \
                orders set version = version + 1`, no row lock shared) as fast as they can for %d s, with the \
                `orders_notify_status` trigger disabled and enabled in turn.

                | trigger | commits/s | COMMIT p50 | p99 | max | conditions |
                |---|---|---|---|---|---|
                """.formatted(CONNECTIONS, each.toSeconds()));
        for (Round r : rounds) {
            s.append("| ").append(r.notifying() ? "on" : "off").append(" | ").append(num(r.commitsPerSecond()))
                    .append(" | ").append(ms(r.commits().p50())).append(" | ").append(ms(r.commits().p99()))
                    .append(" | ").append(ms(r.commits().maxMillis())).append(" | ")
                    .append(r.conditions().describe()).append(r.conditions().busy() ? " **busy**" : "").append(" |\n");
        }
        s.append("\n");
    }
}
