package dev.checkstand.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * The PostgreSQL every figure runs against: zonky's PostgreSQL 17, configured like the service's embedded default
 * (durable commits, 200 connections), with a larger WAL budget so the bulk seeding does not checkpoint every few
 * seconds. Its data lives in a temporary directory that is removed on close.
 */
public final class Postgres implements AutoCloseable {

    /** Server settings, reported with the figures. */
    public static final Map<String, String> SETTINGS = Map.of(
            "listen_addresses", "localhost",
            "synchronous_commit", "on",
            // zonky starts the server with -F (fsync off) whatever it is given; this setting, given after it, wins.
            // Every figure up to and including the suite run of 2026-12-02 14:30 was measured without it: commits
            // were written to the operating system, never flushed to the disk.
            "fsync", "on",
            "max_connections", "200",
            "max_wal_size", "8GB",
            "shared_buffers", "512MB",
            // Statement counts per paid order (StatementProfile); it costs every statement a few microseconds.
            // Planning time is not tracked (pg_stat_statements.track_planning): it makes concurrent connections
            // running the same statement contend for its entry, and the webhook acknowledgements measured here are
            // exactly that (one run with it on, 2026-12-02: 0.017 ms of planning per paid order, p99 of the
            // acknowledgements with processing on 86-504 ms).
            "shared_preload_libraries", "pg_stat_statements");

    private final EmbeddedPostgres postgres;
    private final Path dataDir;

    private Postgres(EmbeddedPostgres postgres, Path dataDir) {
        this.postgres = postgres;
        this.dataDir = dataDir;
    }

    /**
     * For the lookup figure's server only: its bulk load of 10 million orders writes no WAL for what it builds
     * (tables truncated and indexes built in the loading transaction, {@code wal_level=minimal}) and waits for no
     * flush. The figure itself only reads, which none of these settings touches.
     */
    public static final Map<String, String> BULK_LOAD_SETTINGS = Map.of(
            "wal_level", "minimal",
            "max_wal_senders", "0",
            "fsync", "off",
            "full_page_writes", "off",
            "synchronous_commit", "off");

    public static Postgres start() {
        return start(Map.of());
    }

    /** Starts a server with {@link #SETTINGS}, then {@code overrides} on top. */
    public static Postgres start(Map<String, String> overrides) {
        try {
            Path dir = Files.createTempDirectory("checkstand-bench-pg");
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(true)
                    .setLocaleConfig("locale", "C")
                    .setPGStartupWait(Duration.ofSeconds(60));
            SETTINGS.forEach(builder::setServerConfig);
            overrides.forEach(builder::setServerConfig);
            return new Postgres(builder.start(), dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL", e);
        }
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + database;
    }

    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), "postgres", "");
    }

    public void createDatabase(String name) throws SQLException {
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            s.execute("create database " + name);
        }
    }

    public String version() {
        try (Connection c = connect("postgres"); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("show server_version")) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            return "unknown";
        }
    }

    /** The postmaster and its backends, for telling the benchmark's own CPU from other processes'. */
    public Set<Long> processes() {
        try {
            long postmaster = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
            Machine.postmaster(postmaster);
            return Machine.withChildren(postmaster);
        } catch (IOException | RuntimeException e) {
            return Set.of();
        }
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
