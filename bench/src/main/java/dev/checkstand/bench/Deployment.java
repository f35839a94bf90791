package dev.checkstand.bench;

import dev.checkstand.bench.load.LoadGenerator;
import dev.checkstand.simulator.StripeSimulator;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/** One running service: its own database in the shared PostgreSQL, its own Stripe simulator, and clients for it. */
final class Deployment implements AutoCloseable {

    final String database;
    final StripeSimulator stripe;
    final ServiceProcess service;
    final Storefront storefront;
    final LoadGenerator load;
    private final Postgres postgres;
    // The harness's queries (queryLong, exists, queryTimestamp) share this connection, kept open: they poll (every
    // 50 ms while a figure waits for the service), and a connection opened per poll is a PostgreSQL backend forked and
    // torn down each time — CPU taken from the service in the very window being measured. Reopened once if it broke.
    private Connection polling;

    /**
     * The service's own Stripe rate limiter off: the simulator has no limit here, so figures show the service's
     * capacity. (With a live key the service limits itself to 90 requests/s by default.)
     */
    static final Map<String, String> UNLIMITED = Map.of("CHECKSTAND_STRIPE_RATE_LIMIT", "0");

    static Deployment start(Bench bench, String database, String... systemProperties) throws SQLException {
        return start(bench, database, UNLIMITED, systemProperties);
    }

    static Deployment start(Bench bench, String database, Map<String, String> environment, String... systemProperties)
            throws SQLException {
        Options options = bench.options();
        Postgres postgres = bench.postgres();
        postgres.createDatabase(database);
        StripeSimulator stripe = StripeSimulator.builder()
                .port(0)
                .storeCapacity(1_000_000)
                .start();
        try {
            ServiceProcess service = ServiceProcess.start(options, database, postgres.jdbcUrl(database), stripe,
                    List.of(systemProperties), environment);
            bench.services().add(service.pid());
            bench.log("service on database " + database + " started in " + service.startup().toMillis() + " ms");
            return new Deployment(database, postgres, stripe, service,
                    new Storefront(service.baseUrl(), options.adminPassword()));
        } catch (RuntimeException e) {
            stripe.close();
            throw e;
        }
    }

    private Deployment(String database, Postgres postgres, StripeSimulator stripe, ServiceProcess service,
            Storefront storefront) {
        this.database = database;
        this.postgres = postgres;
        this.stripe = stripe;
        this.service = service;
        this.storefront = storefront;
        this.load = new LoadGenerator("localhost", service.port(), 30_000);
    }

    /**
     * One more instance of the service on this deployment's database and Stripe simulator, as a second node of the
     * same deployment; Stripe's webhooks keep going to the first.
     */
    ServiceProcess startInstance(Bench bench, String name, Map<String, String> environment) {
        ServiceProcess other = ServiceProcess.start(bench.options(), name, postgres.jdbcUrl(database), stripe, List.of(),
                environment);
        stripe.setWebhookUrl(service.webhookUrl());
        bench.services().add(other.pid());
        bench.log("second instance on database " + database + " started in " + other.startup().toMillis() + " ms");
        return other;
    }

    Connection connect() throws SQLException {
        return postgres.connect(database);
    }

    /**
     * Creates products through the admin API, each at 25.00 gbp with 1,000,000 units on hand and no Printful variant
     * (their paid orders' fulfillments are blocked, at no Printful call).
     */
    List<UUID> createProducts(int count) {
        return createProducts(java.util.Collections.nCopies(count, null));
    }

    /**
     * Creates one product per entry, as {@link #createProducts(int)} does, mapped to that Printful sync variant (null:
     * none), so that its paid orders are submitted to Printful.
     */
    List<UUID> createProducts(List<String> printfulVariantIds) {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < printfulVariantIds.size(); i++) {
            String variant = printfulVariantIds.get(i);
            Storefront.Answer created = storefront.post("/api/admin/products", """
                    {"sku":"BENCH-%d","name":"Bench item %d","description":"Load test item","unitAmount":2500,
                     "currency":"gbp","active":true,"onHand":1000000%s}""".formatted(i, i,
                    variant == null ? "" : ",\"printfulVariantId\":\"" + variant + "\""), true);
            if (created.status() != 201) {
                throw new IllegalStateException("could not create a product: " + created.status() + " " + created.body());
            }
            ids.add(UUID.fromString(created.text("id")));
        }
        return ids;
    }

    long queryLong(String sql, Object... params) {
        return query(sql, params, rs -> {
            rs.next();
            return rs.getLong(1);
        });
    }

    /** Whether the query returns a row. */
    boolean exists(String sql, Object... params) {
        return query(sql, params, ResultSet::next);
    }

    Timestamp queryTimestamp(String sql, Object... params) {
        return query(sql, params, rs -> {
            rs.next();
            return rs.getTimestamp(1);
        });
    }

    private interface Read<T> {
        T from(ResultSet rs) throws SQLException;
    }

    private synchronized <T> T query(String sql, Object[] params, Read<T> read) {
        for (int attempt = 1;; attempt++) {
            try {
                if (polling == null || polling.isClosed()) {
                    polling = connect();
                }
                try (PreparedStatement s = polling.prepareStatement(sql)) {
                    for (int i = 0; i < params.length; i++) {
                        s.setObject(i + 1, params[i]);
                    }
                    try (ResultSet rs = s.executeQuery()) {
                        return read.from(rs);
                    }
                }
            } catch (SQLException e) {
                closePolling();
                if (attempt == 2) {
                    throw new IllegalStateException(sql, e);
                }
            }
        }
    }

    private synchronized void closePolling() {
        if (polling != null) {
            try {
                polling.close();
            } catch (SQLException e) {
                // already broken
            }
            polling = null;
        }
    }

    /** Waits until {@code done} holds, polling every 50 ms; returns the seconds waited, or NaN after {@code limit}. */
    static double await(BooleanSupplier done, Duration limit) {
        long start = System.nanoTime();
        long deadline = start + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (done.getAsBoolean()) {
                return (System.nanoTime() - start) / 1e9;
            }
            ServiceProcess.sleep(50);
        }
        return Double.NaN;
    }

    @Override
    public void close() {
        closePolling();
        service.close();
        stripe.close();
    }
}
