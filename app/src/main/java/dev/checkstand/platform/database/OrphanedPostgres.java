package dev.checkstand.platform.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server left running by a Checkstand process that died without stopping it (killed, crashed). Only
 * called while holding the data directory's lock, so the server cannot belong to a live instance.
 */
final class OrphanedPostgres {

    private static final Logger log = LoggerFactory.getLogger(OrphanedPostgres.class);
    private static final Duration WAIT = Duration.ofSeconds(30);

    private OrphanedPostgres() {
    }

    /** Stops the server recorded in {@code postmaster.pid}, if it is still running, and waits for it to exit. */
    static void stopIfRunning(Path pgData) throws IOException {
        Path pidFile = pgData.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        Optional<ProcessHandle> server = lines.isEmpty() ? Optional.empty() : parse(lines.get(0)).flatMap(ProcessHandle::of);
        Optional<ProcessHandle> postgres = server.filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false));
        if (postgres.isEmpty()) {
            return;
        }
        log.warn("Stopping PostgreSQL (pid {}) left running on {} by an instance that did not shut down", postgres.get().pid(), pgData);
        postgres.get().destroy();
        try {
            postgres.get().onExit().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            postgres.get().destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while stopping an orphaned PostgreSQL", e);
        } catch (ExecutionException e) {
            throw new IOException("Could not stop the orphaned PostgreSQL", e);
        }
    }

    private static Optional<Long> parse(String line) {
        try {
            return Optional.of(Long.parseLong(line.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
