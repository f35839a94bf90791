package dev.checkstand.bench;

import dev.checkstand.bench.data.EventTemplate;
import dev.checkstand.bench.data.SeedIds;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The reference for webhook ingest: the service's own insert statement, run in a plain JDBC loop on a copy of the
 * webhook_events table (same columns, constraints and indexes), with the same event bodies, from as many threads as
 * the service has database connections, each row its own durable commit. Nothing an HTTP service does per event
 * can be faster than this on the same PostgreSQL.
 */
final class JdbcReference {

    static final String TABLE = "bench_jdbc_insert";

    private static final String INSERT = """
            insert into %s (source, event_id, type, api_version, livemode, object_id, event_created,
                            payload, status, next_attempt_at, received_at)
            values ('stripe', ?, 'payment_intent.succeeded', ?, false, ?, ?, ?, 'received', ?, ?)
            on conflict (source, event_id) do nothing
            returning id""".formatted(TABLE);

    private final Postgres postgres;
    private final String database;
    private final EventTemplate events;
    private final String apiVersion;
    private final AtomicLong next = new AtomicLong(1_000_000_000L);
    private final AtomicLong rowsInAll = new AtomicLong();

    JdbcReference(Postgres postgres, String database, EventTemplate events, String apiVersion) {
        this.postgres = postgres;
        this.database = database;
        this.events = events;
        this.apiVersion = apiVersion;
    }

    void createTable() throws SQLException {
        try (Connection c = postgres.connect(database); Statement s = c.createStatement()) {
            s.execute("create table " + TABLE + " (like webhook_events including all)");
        }
    }

    /** Rows committed by every {@link #run} so far. */
    long rowsInAll() {
        return rowsInAll.get();
    }

    /** Inserts from {@code threads} connections for {@code seconds}; returns committed rows per second. */
    double run(int threads, double seconds) throws InterruptedException {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        AtomicLong rows = new AtomicLong();
        List<Thread> workers = new ArrayList<>();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        long start = System.nanoTime();
        long[] ends = new long[threads];
        for (int t = 0; t < threads; t++) {
            int index = t;
            Thread worker = new Thread(() -> {
                try (Connection c = postgres.connect(database); PreparedStatement insert = c.prepareStatement(INSERT)) {
                    c.setAutoCommit(true);
                    while (System.nanoTime() < deadline) {
                        long g = next.getAndIncrement();
                        Timestamp now = Timestamp.from(Instant.now());
                        insert.setString(1, SeedIds.eventId(g, 0));
                        insert.setString(2, apiVersion);
                        insert.setString(3, SeedIds.paymentIntentId(g));
                        insert.setTimestamp(4, now);
                        insert.setString(5, events.payload(g, 0));
                        insert.setTimestamp(6, now);
                        insert.setTimestamp(7, now);
                        try (ResultSet rs = insert.executeQuery()) {
                            if (rs.next()) {
                                rows.incrementAndGet();
                            }
                        }
                    }
                } catch (SQLException e) {
                    failures.add(e);
                }
                ends[index] = System.nanoTime();
            }, "jdbc-insert-" + t);
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("JDBC reference failed", failures.get(0));
        }
        rowsInAll.addAndGet(rows.get());
        long end = 0;
        for (long e : ends) {
            end = Math.max(end, e);
        }
        return rows.get() / ((end - start) / 1e9);
    }
}
