package dev.checkstand.chaos;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * PostgreSQL as its own process (zonky's embedded binaries run {@code postgres} as a child process), on a fixed port
 * and a data directory that survives {@link #restart()}: stopped, then started again on the same files.
 */
final class Database implements AutoCloseable {

    static final String NAME = "checkstand";

    private final Path dataDir;
    private final int port;
    private volatile EmbeddedPostgres postgres;

    private Database(Path dataDir, int port) {
        this.dataDir = dataDir;
        this.port = port;
    }

    static Database start(Path workDir) {
        try {
            Path dir = workDir.resolve("pgdata");
            if (Files.exists(dir)) {
                try (var walk = Files.walk(dir)) {
                    walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            Files.createDirectories(dir);
            Database database = new Database(dir, Processes.freePort());
            database.postgres = database.builder().start();
            try (Connection c = database.connect("postgres"); Statement s = c.createStatement()) {
                s.execute("create database " + NAME);
            }
            return database;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start PostgreSQL", e);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private EmbeddedPostgres.Builder builder() {
        return EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setLocaleConfig("locale", "C")
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("listen_addresses", "localhost")
                .setServerConfig("max_connections", "300")
                // fsync stays off (zonky starts the server with -F): the suite kills processes and restarts PostgreSQL
                // with a fast shutdown, and the operating system's cache outlives both, so flushes would only slow it.
                .setServerConfig("synchronous_commit", "on");
    }

    /** Stops the server (fast shutdown: open sessions are cut) and starts it again on the same data; answers the time it was down. */
    Duration restart() {
        long begun = System.nanoTime();
        try {
            postgres.close();
            postgres = builder().start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not restart PostgreSQL", e);
        }
        return Duration.ofNanos(System.nanoTime() - begun);
    }

    String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/" + NAME;
    }

    Connection connect(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/" + database, "postgres", "");
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            // best effort
        }
    }
}
