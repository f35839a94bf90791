package dev.checkstand.support;

import dev.checkstand.platform.database.EmbeddedDatabase;
import dev.checkstand.simulator.StripeSimulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** A PostgreSQL and a Stripe simulator of their own, for tests that start service instances by hand. */
public final class Backends implements AutoCloseable {

    private final EmbeddedDatabase database;
    private final StripeSimulator simulator;
    private final JdbcClient jdbc;

    private Backends(EmbeddedDatabase database, StripeSimulator simulator) {
        this.database = database;
        this.simulator = simulator;
        this.jdbc = JdbcClient.create(new DriverManagerDataSource(database.jdbcUrl(), "postgres", ""));
    }

    /** Starts both; {@code simulator} is a configured builder (port 0 recommended). */
    public static Backends start(String name, StripeSimulator.Builder simulator) {
        try {
            Path dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "checkstand-" + name);
            EmbeddedDatabase database = EmbeddedDatabase.start(dir, false);
            try {
                return new Backends(database, simulator.start());
            } catch (RuntimeException e) {
                database.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Backends start(String name) {
        return start(name, StripeSimulator.builder().port(0));
    }

    public String jdbcUrl() {
        return database.jdbcUrl();
    }

    public StripeSimulator simulator() {
        return simulator;
    }

    public JdbcClient jdbc() {
        return jdbc;
    }

    /** Migrates the database as the service's start-up does (its Flyway migrations), up to the latest. */
    public Backends migrate() {
        return migrate(null);
    }

    /** Migrates the database with the service's Flyway migrations up to {@code version} (null: the latest). */
    public Backends migrate(String version) {
        var flyway = Flyway.configure().dataSource(jdbcUrl(), "postgres", "").locations("classpath:db/migration");
        if (version != null) {
            flyway.target(version);
        }
        flyway.load().migrate();
        return this;
    }

    /** Closes the simulator, then the database, even when closing the simulator failed. */
    @Override
    public void close() {
        try {
            simulator.close();
        } catch (RuntimeException e) {
            try {
                database.close();
            } catch (RuntimeException d) {
                e.addSuppressed(d);
            }
            throw e;
        }
        database.close();
    }
}
