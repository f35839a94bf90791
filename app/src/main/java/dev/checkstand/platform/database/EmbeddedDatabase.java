package dev.checkstand.platform.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server run from zonky's bundled binaries, keeping its data in a directory that survives restarts.
 * One process at a time may own the directory: a second one fails fast with {@link DataDirectoryInUse}.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);
    private static final String LOCK_FILE = "checkstand.lock";

    private final Path dataDir;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(Path dataDir, FileChannel lockChannel, FileLock lock, EmbeddedPostgres postgres) {
        this.dataDir = dataDir;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.postgres = postgres;
    }

    /**
     * Locks {@code dataDir}, then starts PostgreSQL on its {@code postgres} sub-directory (creating it on first use).
     * {@code durable}: every commit is flushed to disk before it returns ({@code synchronous_commit} and {@code fsync}
     * on), as the service's promise needs; off only for tests, whose data does not have to outlive the machine.
     */
    public static EmbeddedDatabase start(Path dataDir, boolean durable) {
        Path dir = dataDir.toAbsolutePath().normalize();
        FileChannel channel = null;
        try {
            Files.createDirectories(dir);
            channel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel, dir);
            Path pgData = dir.resolve("postgres");
            Files.createDirectories(pgData);
            OrphanedPostgres.stopIfRunning(pgData);
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(pgData)
                    .setCleanDataDirectory(false)
                    .setServerConfig("listen_addresses", "localhost")
                    .setServerConfig("synchronous_commit", durable ? "on" : "off")
                    // zonky starts the server with -F (fsync off) whatever it is given; a setting given after it
                    // wins, and without it "on" above would wait for a flush that never reaches the disk.
                    .setServerConfig("fsync", durable ? "on" : "off")
                    .setServerConfig("max_connections", "200")
                    // WAL files recycled at each checkpoint rather than removed while they come to under 512 MB
                    // (PostgreSQL's own floor is 80 MB): past its first checkpoints, a burst of up to about 120 paid
                    // orders a second for a checkpoint's 5 minutes finds its files made, instead of making each under
                    // the WAL write lock while every commit waits (docs/OPERATIONS.md, "WAL files and acknowledgement
                    // latency"). Disk held once used.
                    .setServerConfig("min_wal_size", durable ? "512MB" : "80MB")
                    .setLocaleConfig("locale", "C")
                    .setPGStartupWait(java.time.Duration.ofSeconds(60))
                    // Stopped by close(), once the application context has stopped what uses it. zonky's own JVM
                    // shutdown hook would stop it at the same time as Spring's hook closes the context, under the
                    // feet of the graceful shutdown (requests still committing, the registry's last query).
                    .setRegisterShutdownHook(false)
                    .start();
            log.info("Embedded PostgreSQL is running on port {} with its data in {}", postgres.getPort(), pgData);
            return new EmbeddedDatabase(dir, channel, lock, postgres);
        } catch (DataDirectoryInUse e) {
            closeQuietly(channel);
            throw e;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + dir
                    + " (set CHECKSTAND_DATA_DIR to a writable directory, or SPRING_DATASOURCE_URL to use an external"
                    + " PostgreSQL)", e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private static FileLock tryLock(FileChannel channel, Path dir) throws IOException {
        try {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new DataDirectoryInUse(dir);
            }
            return lock;
        } catch (OverlappingFileLockException e) {
            throw new DataDirectoryInUse(dir);
        }
    }

    public String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    public int port() {
        return postgres.getPort();
    }

    public Path dataDir() {
        return dataDir;
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            log.warn("Embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
        } finally {
            try {
                lock.release();
            } catch (IOException e) {
                log.warn("Could not release the data directory lock: {}", e.getMessage());
            }
            closeQuietly(lockChannel);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("Closing the lock file failed", e);
        }
    }
}
