package dev.checkstand.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Samples {@code pg_stat_activity} for one database every 100 ms: how many of the service's connections are busy,
 * what they wait on, and which statements they run. Where a figure falls short, this says whether the time goes to
 * the pool, to locks, to WAL flushes or to CPU.
 */
final class PgActivity implements AutoCloseable {

    private static final String SAMPLE = """
            select state, coalesce(wait_event_type || ':' || wait_event, 'CPU') as waiting, left(regexp_replace(query, '\\s+', ' ', 'g'), 70) as query
              from pg_stat_activity
             where datname = ? and pid <> pg_backend_pid() and backend_type = 'client backend'""";

    private final Map<String, AtomicInteger> states = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> waits = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> queries = new ConcurrentHashMap<>();
    private final AtomicInteger samples = new AtomicInteger();
    private final Thread thread;
    private volatile boolean running = true;

    PgActivity(Postgres postgres, String database) {
        thread = new Thread(() -> {
            try (Connection c = postgres.connect(database); PreparedStatement s = c.prepareStatement(SAMPLE)) {
                s.setString(1, database);
                while (running) {
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            String state = rs.getString(1);
                            states.computeIfAbsent(state == null ? "?" : state, k -> new AtomicInteger()).incrementAndGet();
                            if ("active".equals(state) || "idle in transaction".equals(state)) {
                                String wait = "idle in transaction".equals(state) ? "(service side, in transaction)" : rs.getString(2);
                                waits.computeIfAbsent(wait, k -> new AtomicInteger()).incrementAndGet();
                                queries.computeIfAbsent(rs.getString(3), k -> new AtomicInteger()).incrementAndGet();
                            }
                        }
                    }
                    samples.incrementAndGet();
                    Thread.sleep(100);
                }
            } catch (SQLException e) {
                System.err.println("pg_stat_activity sampling stopped: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "pg-activity");
        thread.setDaemon(true);
        thread.start();
    }

    /** Average connections per sample in one state, formatted. */
    String average(String state) {
        AtomicInteger count = states.get(state);
        return String.format(java.util.Locale.ROOT, "%.1f", count == null ? 0 : count.get() / (double) Math.max(1, samples.get()));
    }

    /** Average connections per sample in each state, e.g. {@code active 6.1, idle 3.9}. */
    String connections() {
        return summary(states, Integer.MAX_VALUE);
    }

    /** What busy connections were doing, averaged per sample: CPU or a wait event. */
    String waits() {
        return summary(waits, 6);
    }

    /** The statements busy connections were running most often. */
    String topQueries() {
        return summary(queries, 5);
    }

    private String summary(Map<String, AtomicInteger> counts, int limit) {
        int n = Math.max(1, samples.get());
        return counts.entrySet().stream()
                .sorted(Comparator.comparingInt((Map.Entry<String, AtomicInteger> e) -> e.getValue().get()).reversed())
                .limit(limit)
                .collect(Collectors.toMap(Map.Entry::getKey, e -> String.format("%.2f", e.getValue().get() / (double) n),
                        (a, b) -> a, LinkedHashMap::new))
                .entrySet().stream().map(e -> "`" + e.getKey().replace("`", "'") + "` " + e.getValue())
                .collect(Collectors.joining(", "));
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
