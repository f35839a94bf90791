package dev.checkstand.bench.data;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Writes orders straight into the service's tables with {@code generate_series}, shaped as the service writes them:
 * row {@code g} gets the ids of {@link SeedIds}. Pending orders get everything a checkout leaves behind (item, active
 * reservation counted in stock, payment attempt linked to its PaymentIntent, "created" timeline entry), so paying
 * them runs the whole payment transition. Paid orders, for the lookup figure, get the order and its attempt only.
 */
public final class Seeder {

    /** Every seeded order: one item at 25.00 plus 4.99 shipping, in gbp. */
    public static final long UNIT_AMOUNT = 2500;
    public static final long SHIPPING = 499;
    public static final long TOTAL = UNIT_AMOUNT + SHIPPING;

    private static final String ADDRESS = "'{\"name\":\"Bench Buyer\",\"line1\":\"1 Load Street\",\"line2\":null,"
            + "\"city\":\"London\",\"state\":null,\"postalCode\":\"E1 6AN\",\"country\":\"GB\"}'::jsonb";

    private Seeder() {
    }

    /** Seeds pending orders {@code from..to} (inclusive), spread over {@code products} (each priced {@link #UNIT_AMOUNT}). */
    public static void pendingOrders(Connection c, long from, long to, List<UUID> products) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        // The product ids are UUIDs the harness created, so they are inlined as an array literal.
        String array = products.stream().map(id -> "'" + UUID.fromString(id.toString()) + "'")
                .collect(java.util.stream.Collectors.joining(",", "(array[", "]::uuid[])"));
        String product = array + "[1 + (g % " + products.size() + ")]";
        update(c, """
                insert into orders (id, number, checkout_id, checkout_fingerprint, status, payment_status, currency,
                                    subtotal, shipping, total, email, shipping_address, reservation_expires_at,
                                    created_at, updated_at)
                select %s, 'BN-' || g, 'bench_' || g, 'bench', 'pending_payment', 'unpaid', 'gbp', %d, %d, %d,
                       'buyer' || g || '@example.com', %s, now() + interval '6 hours', now(), now()
                  from generate_series(cast(? as bigint), cast(? as bigint)) g"""
                .formatted(SeedIds.ORDER_ID_SQL, UNIT_AMOUNT, SHIPPING, TOTAL, ADDRESS), from, to);
        update(c, """
                insert into order_items (order_id, line_no, product_id, sku, name, unit_amount, quantity, line_total)
                select %s, 1, p.id, p.sku, p.name, %d, 1, %d
                  from generate_series(cast(? as bigint), cast(? as bigint)) g join products p on p.id = %s"""
                .formatted(SeedIds.ORDER_ID_SQL, UNIT_AMOUNT, UNIT_AMOUNT, product), from, to);
        update(c, """
                insert into reservations (order_id, product_id, quantity, status, expires_at, created_at, updated_at)
                select %s, %s, 1, 'active', now() + interval '6 hours', now(), now()
                  from generate_series(cast(? as bigint), cast(? as bigint)) g"""
                .formatted(SeedIds.ORDER_ID_SQL, product), from, to);
        update(c, """
                update stock s set reserved = s.reserved + x.n, updated_at = now()
                  from (select %s as product_id, count(*) as n
                          from generate_series(cast(? as bigint), cast(? as bigint)) g group by 1) x
                 where s.product_id = x.product_id""".formatted(product), from, to);
        update(c, """
                insert into payment_attempts (id, order_id, attempt_no, kind, status, idempotency_key, payment_intent_id,
                                              client_secret, amount, currency, created_at, updated_at)
                select %s, %s, 1, 'payment_intent', 'requires_payment_method',
                       'order:' || %s || ':attempt:1:create', %s, %s || '_secret_bench', %d, 'gbp', now(), now()
                  from generate_series(cast(? as bigint), cast(? as bigint)) g"""
                .formatted(SeedIds.ATTEMPT_ID_SQL, SeedIds.ORDER_ID_SQL, SeedIds.ORDER_ID_SQL,
                        SeedIds.PAYMENT_INTENT_ID_SQL, SeedIds.PAYMENT_INTENT_ID_SQL, TOTAL), from, to);
        update(c, """
                insert into order_timeline (order_id, at, type, source, data)
                select %s, now(), 'created', 'checkout',
                       jsonb_build_object('number', 'BN-' || g, 'total', %d, 'currency', 'gbp')
                  from generate_series(cast(? as bigint), cast(? as bigint)) g"""
                .formatted(SeedIds.ORDER_ID_SQL, TOTAL), from, to);
        c.commit();
        c.setAutoCommit(autoCommit);
        analyze(c);
    }

    /** Points the attempts of seeded orders {@code from..} at PaymentIntents that exist at Stripe, in order. */
    public static void linkPaymentIntents(Connection c, long from, List<String> paymentIntentIds) throws SQLException {
        Long[] rows = new Long[paymentIntentIds.size()];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = from + i;
        }
        try (PreparedStatement s = c.prepareStatement("""
                update payment_attempts a set payment_intent_id = x.pi, client_secret = x.pi || '_secret_bench'
                  from unnest(?::bigint[], ?::text[]) as x(g, pi)
                 where a.id = %s""".formatted(SeedIds.ATTEMPT_ID_SQL))) {
            s.setArray(1, c.createArrayOf("bigint", rows));
            s.setArray(2, c.createArrayOf("text", paymentIntentIds.toArray()));
            int updated = s.executeUpdate();
            if (updated != rows.length) {
                throw new IllegalStateException("linked " + updated + " attempts, expected " + rows.length);
            }
        }
    }

    /** Opens a connection to the database being seeded. */
    @FunctionalInterface
    public interface Connections {
        Connection open() throws SQLException;
    }

    /**
     * Replaces the orders and attempts with paid orders {@code 1..to} and their succeeded attempts, created 10 ms
     * apart in the order of {@code g} (so the newest orders are those with the highest {@code g}), in batches of
     * {@code batch}. As a bulk load does, it drops the two tables' indexes and the constraints on and to them first and
     * builds them again afterwards, with exactly their definitions; then, both loads committed, it vacuums and
     * analyzes both, as autovacuum would have long since in production. Each table is truncated, loaded and indexed in
     * one transaction of its own, side by side on two connections (one per core), so a server with
     * {@code wal_level=minimal} writes no WAL for any of it.
     */
    public static void paidOrders(Connections connections, long to, int batch) throws SQLException {
        try (Connection c = connections.open()) {
            // Autovacuum would vacuum the tables while they load and again after; the load vacuums them once at the end.
            execute(c, List.of("alter table orders set (autovacuum_enabled = false)",
                    "alter table payment_attempts set (autovacuum_enabled = false)"));
            Rebuild rebuild = dropIndexesAndConstraints(c);
            bothTables(connections, orders -> {
                loadInOneTransaction(orders, "orders", to, batch, """
                        insert into orders (id, number, checkout_id, checkout_fingerprint, status, payment_status,
                                            currency, subtotal, shipping, total, amount_paid, email, shipping_address,
                                            reservation_expires_at, created_at, updated_at, paid_at, version)
                        select %s, 'BN-' || g, 'bench_' || g, 'bench', 'paid', 'paid', 'gbp', %d, %d, %d, %d,
                               'buyer' || g || '@example.com', %s, t + interval '30 minutes', t, t,
                               t + interval '1 minute', 1
                          from generate_series(cast(? as bigint), cast(? as bigint)) g,
                               lateral (select timestamptz '2025-01-01 00:00:00+00' + g * interval '10 milliseconds' as t) ts"""
                        .formatted(SeedIds.ORDER_ID_SQL, UNIT_AMOUNT, SHIPPING, TOTAL, TOTAL, ADDRESS), rebuild);
            }, attempts -> {
                loadInOneTransaction(attempts, "payment_attempts", to, batch, """
                        insert into payment_attempts (id, order_id, attempt_no, kind, status, idempotency_key,
                                                      payment_intent_id, client_secret, amount, currency,
                                                      amount_received, created_at, updated_at)
                        select %s, %s, 1, 'payment_intent', 'succeeded', 'order:' || %s || ':attempt:1:create', %s,
                               %s || '_secret_bench', %d, 'gbp', %d, t, t + interval '1 minute'
                          from generate_series(cast(? as bigint), cast(? as bigint)) g,
                               lateral (select timestamptz '2025-01-01 00:00:00+00' + g * interval '10 milliseconds' as t) ts"""
                        .formatted(SeedIds.ATTEMPT_ID_SQL, SeedIds.ORDER_ID_SQL, SeedIds.ORDER_ID_SQL,
                                SeedIds.PAYMENT_INTENT_ID_SQL, SeedIds.PAYMENT_INTENT_ID_SQL, TOTAL, TOTAL), rebuild);
            });
            // Foreign keys last: they read both tables (and those pointing at them) through the rebuilt keys.
            execute(c, rebuild.foreignKeys());
            // Vacuumed once both loads have committed: a vacuum of one table while the other's load is still open
            // cannot take its rows as visible to every transaction (the other load's snapshot predates them), so it
            // leaves them without hint bits and the visibility map unset, for the first readers and a later
            // autovacuum to do while the lookups are measured.
            execute(c, List.of("vacuum (analyze) orders", "vacuum (analyze) payment_attempts"));
            execute(c, List.of("alter table orders reset (autovacuum_enabled)",
                    "alter table payment_attempts reset (autovacuum_enabled)"));
        }
    }

    private static void loadInOneTransaction(Connection c, String table, long to, int batch, String insert,
            Rebuild rebuild) throws SQLException {
        c.setAutoCommit(false);
        execute(c, List.of("truncate " + table));
        for (long start = 1; start <= to; start += batch) {
            update(c, insert, start, Math.min(to, start + batch - 1));
        }
        execute(c, rebuild.of(table));
        c.commit();
        c.setAutoCommit(true);
    }

    private interface Work {
        void run(Connection c) throws SQLException;
    }

    private static void bothTables(Connections connections, Work first, Work second) throws SQLException {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Void>> done = new ArrayList<>();
            for (Work work : List.of(first, second)) {
                done.add(pool.submit(() -> {
                    try (Connection c = connections.open(); Statement s = c.createStatement()) {
                        s.execute("set maintenance_work_mem = '1GB'");
                        work.run(c);
                    }
                    return null;
                }));
            }
            for (Future<Void> f : done) {
                f.get();
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void execute(Connection c, List<String> statements) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    /** What {@link #dropIndexesAndConstraints} dropped, to be created again: keys and indexes per table, then foreign keys. */
    private record Rebuild(Map<String, List<String>> byTable, List<String> foreignKeys) {

        List<String> of(String table) {
            return byTable.getOrDefault(table, List.of());
        }
    }

    /**
     * Drops every index of orders and payment_attempts and every constraint backed by one or pointing at one, and
     * returns the statements that create them again: unique and primary keys and plain indexes per table, foreign
     * keys apart.
     */
    private static Rebuild dropIndexesAndConstraints(Connection c) throws SQLException {
        List<String> foreignKeys = new ArrayList<>();
        Map<String, List<String>> byTable = new LinkedHashMap<>();
        Map<String, List<String>> indexes = new LinkedHashMap<>();
        List<String> drops = new ArrayList<>();
        try (Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("""
                    select conrelid::regclass::text, conname, pg_get_constraintdef(oid), contype
                      from pg_constraint
                     where contype = 'f' and (conrelid in ('orders'::regclass, 'payment_attempts'::regclass)
                                              or confrelid in ('orders'::regclass, 'payment_attempts'::regclass))
                    union all
                    select conrelid::regclass::text, conname, pg_get_constraintdef(oid), contype
                      from pg_constraint
                     where contype in ('p', 'u') and conrelid in ('orders'::regclass, 'payment_attempts'::regclass)
                     order by 4""")) {
                while (rs.next()) {
                    String add = "alter table " + rs.getString(1) + " add constraint " + rs.getString(2) + " " + rs.getString(3);
                    if ("f".equals(rs.getString(4))) {
                        foreignKeys.add(add);
                    } else {
                        byTable.computeIfAbsent(rs.getString(1), t -> new ArrayList<>()).add(add);
                    }
                    drops.add("alter table " + rs.getString(1) + " drop constraint " + rs.getString(2));
                }
            }
            try (ResultSet rs = s.executeQuery("""
                    select i.indrelid::regclass::text, i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
                      from pg_index i
                     where i.indrelid in ('orders'::regclass, 'payment_attempts'::regclass)
                       and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid)""")) {
                while (rs.next()) {
                    indexes.computeIfAbsent(rs.getString(1), t -> new ArrayList<>()).add(rs.getString(3));
                    drops.add("drop index " + rs.getString(2));
                }
            }
            for (String drop : drops) {
                s.execute(drop);
            }
        }
        // Keys first, then plain indexes, as before.
        indexes.forEach((table, definitions) -> byTable.computeIfAbsent(table, t -> new ArrayList<>()).addAll(definitions));
        return new Rebuild(byTable, foreignKeys);
    }

    private static void analyze(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("analyze orders");
            s.execute("analyze payment_attempts");
        }
    }

    private static void update(Connection c, String sql, long from, long to) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, from);
            s.setLong(2, to);
            s.executeUpdate();
        }
    }
}
