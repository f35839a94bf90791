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
 * seconds, and its WAL files made before the first figure (see {@link #recycleWalFiles}). Its data lives in a
 * temporary directory that is removed on close.
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
            // The WAL files made and recycled before the first figure (recycleWalFiles), and kept by every checkpoint.
            "min_wal_size", "4GB",
            "shared_buffers", "512MB",
            // Statement counts per paid order (StatementProfile); it costs every statement a few microseconds.
            // Planning time is not tracked (pg_stat_statements.track_planning): it makes concurrent connections
            // running the same statement contend for its entry, and the webhook acknowledgements measured here are
            // exactly that (one run with it on, 2026-12-02: 0.017 ms of planning per paid order, p99 of the
            // acknowledgements with processing on 86-504 ms).
            "shared_preload_libraries", "pg_stat_statements");

    private final EmbeddedPostgres postgres;
    private final Path dataDir;
    private WalFiles walFiles = new WalFiles(0, 0);

    private Postgres(EmbeddedPostgres postgres, Path dataDir) {
        this.postgres = postgres;
        this.dataDir = dataDir;
    }

    /** How many WAL files lie ready ahead of the one being written before the first figure, and how long making them took. */
    public record WalFiles(long files, double seconds) {
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

    /** A server for the bulk load: {@link #SETTINGS}, then {@code overrides}, and no WAL files made ahead. */
    public static Postgres startForBulkLoad(Map<String, String> overrides) {
        return startServer(overrides);
    }

    /**
     * Starts a server with {@link #SETTINGS}, then {@code overrides} on top, and makes its {@code min_wal_size} of WAL
     * files before it is used ({@link #recycleWalFiles}).
     */
    public static Postgres start(Map<String, String> overrides) {
        Postgres server = startServer(overrides);
        try {
            server.walFiles = server.recycleWalFiles();
            return server;
        } catch (SQLException | RuntimeException e) {
            try {
                server.close();
            } catch (IOException closing) {
                e.addSuppressed(closing);
            }
            throw new IllegalStateException("Could not make the WAL files of the embedded PostgreSQL", e);
        }
    }

    private static Postgres startServer(Map<String, String> overrides) {
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

    /**
     * Makes {@code min_wal_size} of WAL files and has a checkpoint recycle them, so that every figure runs as on a
     * server past its first checkpoints, which writes into WAL files it made earlier.
     * <p>
     * A server just made by initdb has one WAL file. Until its first checkpoint recycles the files before it (5
     * minutes after the start, and a spread checkpoint ends 4.5 minutes later), every further file is made when the
     * WAL reaches it: 16 MB of zeroes written and flushed while the WAL write lock is held, so every commit on the
     * server waits meanwhile. At the end-to-end rates here that was a new file every 1-1.5 s, and it set the
     * acknowledgement p99 with processing on (45.6 ms; 12.6 ms with {@code wal_init_zero=off}, in one
     * {@code --only ingest} run each, 2026-12-05); later parts of the suite, past the first checkpoints, did not pay
     * it. A server that has run for a while recycles its files at every checkpoint and makes new ones only when its
     * WAL rate outgrows what it kept. Each file here is one {@code pg_switch_wal()} after a one-row insert (a switch
     * with nothing written since the last one does nothing); the checkpoint keeps them as future files because
     * {@code min_wal_size} asks it to. {@code --postgres-setting min_wal_size=80MB} (PostgreSQL's default) makes
     * only 5 files ahead, so the server soon makes its own as a fresh one does (up to 201 files seen in one
     * {@code --only ingest} run).
     */
    private WalFiles recycleWalFiles() throws SQLException {
        long started = System.nanoTime();
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            long wanted = single(s, "select pg_size_bytes(current_setting('min_wal_size'))"
                    + " / pg_size_bytes(current_setting('wal_segment_size'))");
            s.execute("create table bench_wal_files (n integer)");
            for (long i = 0; i < wanted; i++) {
                s.execute("insert into bench_wal_files values (1)");
                s.execute("select pg_switch_wal()");
            }
            s.execute("drop table bench_wal_files");
            s.execute("checkpoint");
            // Only the files after the one being written count: they are the ones the WAL will reach. The last file
            // made is the one being written, so the checkpoint can have kept at most one fewer ahead of it.
            long files = single(s, "select count(*) from pg_ls_waldir()"
                    + " where name ~ '^[0-9A-F]{24}$' and name > pg_walfile_name(pg_current_wal_lsn())");
            if (files < wanted - 1) {
                throw new IllegalStateException("The checkpoint kept " + files + " WAL files ahead of the "
                        + wanted + " made");
            }
            return new WalFiles(files, (System.nanoTime() - started) / 1e9);
        }
    }

    private static long single(Statement s, String query) throws SQLException {
        try (ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    public WalFiles walFiles() {
        return walFiles;
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
