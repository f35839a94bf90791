package dev.checkstand.platform.database;

import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The {@code db} health component, which readiness includes, in place of Spring Boot's: a connection from the pool
 * that answers {@code isValid}. Down, it says why — each cause of the failure, down to the driver's "Connection to
 * host:port refused" or "password authentication failed" — and it says so within
 * {@code checkstand.health.database-timeout}, though the pool may wait much longer for a connection (30 s by
 * default): a check still waiting is not started again, and the reason the latest finished check failed for is
 * given with the time-out. Only the ADMIN role sees the details.
 */
@Component("dbHealthIndicator")
class DatabaseHealth implements HealthIndicator, DisposableBean {

    private static final int MAX_CAUSES = 4;

    private final DataSource dataSource;
    private final Duration timeout;
    private final Clock clock;
    private final ExecutorService checker = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "db-health");
        thread.setDaemon(true);
        return thread;
    });
    private CompletableFuture<Health> running;
    private volatile Failure lastFailure;

    DatabaseHealth(DataSource dataSource, DatabaseHealthSettings settings, Clock clock) {
        this.dataSource = dataSource;
        this.timeout = settings.databaseTimeout();
        this.clock = clock;
    }

    @Override
    public Health health() {
        try {
            return check().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            Health.Builder down = Health.down().withDetail("error", "No connection from the pool answered within "
                    + timeout.toMillis() + " ms");
            Failure last = lastFailure;
            if (last != null) {
                down.withDetail("lastFailure", Map.of("at", last.at().toString(), "causes", last.causes()));
            }
            return down.build();
        } catch (ExecutionException e) {
            return down(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.unknown().withDetail("error", "interrupted").build();
        }
    }

    @Override
    public void destroy() {
        checker.shutdownNow();
    }

    // The check under way, or a new one: however often health is asked, one at a time waits for the pool.
    private synchronized CompletableFuture<Health> check() {
        if (running == null || running.isDone()) {
            running = CompletableFuture.supplyAsync(this::probe, checker);
        }
        return running;
    }

    private Health probe() {
        try (Connection connection = dataSource.getConnection()) {
            int seconds = (int) Math.max(1, timeout.toSeconds());
            if (!connection.isValid(seconds)) {
                return down(new IllegalStateException("The connection did not answer isValid within " + seconds
                        + " s"));
            }
            lastFailure = null;
            return Health.up()
                    .withDetail("database", connection.getMetaData().getDatabaseProductName())
                    .withDetail("validationQuery", "isValid()")
                    .build();
        } catch (Exception e) {
            return down(e);
        }
    }

    private Health down(Throwable failure) {
        List<String> causes = causes(failure);
        lastFailure = new Failure(clock.instant(), causes);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("error", causes.get(0));
        if (causes.size() > 1) {
            details.put("causes", causes.subList(1, causes.size()));
        }
        return Health.down().withDetails(details).build();
    }

    // "PSQLException: Connection to localhost:5432 refused. ..." for each link of the chain, outermost first.
    private static List<String> causes(Throwable failure) {
        List<String> causes = new ArrayList<>();
        for (Throwable cause = failure; cause != null && causes.size() < MAX_CAUSES; cause = cause.getCause()) {
            String message = cause.getMessage();
            causes.add(cause.getClass().getSimpleName() + (message == null ? "" : ": " + message));
            if (cause == cause.getCause()) {
                break;
            }
        }
        return causes;
    }

    private record Failure(Instant at, List<String> causes) {
    }
}
