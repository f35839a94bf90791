package dev.checkstand.platform.database;

import dev.checkstand.platform.DatabaseNotifications;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The instance's one listening connection: opened outside the pool, it {@code LISTEN}s to every channel asked for
 * and waits for notifications on a thread of its own. Any failure — the server restarted, the backend terminated, the
 * connection gone silent — ends in a new connection, tried again with doubling waits; once listening again, every
 * listener is told, since what was notified in between is lost. It starts after the rest of the context and stops
 * first, within one wait for notifications.
 */
@Component
class NotificationListener implements DatabaseNotifications, SmartLifecycle {

    /** The listening connection's {@code application_name} in {@code pg_stat_activity}. */
    static final String APPLICATION_NAME = "checkstand-listener";

    private static final Logger log = LoggerFactory.getLogger(NotificationListener.class);
    private static final Pattern CHANNEL = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    // One wait for notifications; it bounds how long stopping takes. Waiting costs no round trip to the server.
    private static final int WAIT_MILLIS = 500;
    // A connection that stayed silent this long is asked whether it still answers (a peer may vanish without a word).
    private static final Duration CHECK_SILENT_AFTER = Duration.ofSeconds(15);
    private static final Duration FIRST_RETRY = Duration.ofMillis(100);
    private static final Duration LAST_RETRY = Duration.ofSeconds(10);

    private final UnpooledConnections connections;
    private final Map<String, List<Listener>> listeners = new ConcurrentHashMap<>();
    private volatile boolean running;
    private Thread thread;

    NotificationListener(DataSource dataSource) {
        this.connections = UnpooledConnections.of(dataSource);
    }

    @Override
    public synchronized void listen(String channel, Listener listener) {
        if (thread != null) {
            throw new IllegalStateException("Channel " + channel + " asked for after the listening connection started");
        }
        // The name goes into the LISTEN command as it is: only plain lower-case identifiers.
        if (!CHANNEL.matcher(channel).matches()) {
            throw new IllegalArgumentException("Not a plain channel name: " + channel);
        }
        listeners.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>()).add(listener);
    }

    @Override
    public synchronized void start() {
        running = true;
        thread = new Thread(this::run, "db-notifications");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        Thread listening;
        synchronized (this) {
            running = false;
            listening = thread;
        }
        if (listening == null) {
            return;
        }
        listening.interrupt(); // ends a wait before reconnecting; a wait for notifications ends by itself
        try {
            listening.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        Duration retry = FIRST_RETRY;
        boolean lost = false;
        while (running) {
            long connectedAt = 0;
            try (Connection connection = connections.open(APPLICATION_NAME)) {
                try (Statement statement = connection.createStatement()) {
                    for (String channel : listeners.keySet()) {
                        statement.execute("LISTEN " + channel);
                    }
                }
                connectedAt = System.nanoTime();
                if (lost) {
                    log.info("Listening to {} again", listeners.keySet());
                }
                listeners.values().forEach(each -> each.forEach(this::tellListening));
                receive(connection);
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    return;
                }
                lost = true;
                if (connectedAt != 0 && System.nanoTime() - connectedAt > LAST_RETRY.toNanos()) {
                    retry = FIRST_RETRY;
                }
                log.warn("The connection listening to {} failed ({}); connecting again in {} ms", listeners.keySet(),
                        e.getMessage(), retry.toMillis());
                if (!pause(retry)) {
                    return;
                }
                retry = retry.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : retry.multipliedBy(2);
            }
        }
    }

    // Returns when stopping; any failure of the connection is thrown.
    private void receive(Connection connection) throws SQLException {
        PGConnection postgres = connection.unwrap(PGConnection.class);
        long checked = System.nanoTime();
        while (running) {
            PGNotification[] arrived = postgres.getNotifications(WAIT_MILLIS);
            if (arrived != null && arrived.length > 0) {
                dispatch(arrived);
                checked = System.nanoTime();
            } else if (System.nanoTime() - checked > CHECK_SILENT_AFTER.toNanos()) {
                if (!connection.isValid(5)) {
                    throw new SQLException("the connection stopped answering");
                }
                checked = System.nanoTime();
            }
        }
    }

    private void dispatch(PGNotification[] arrived) {
        Map<String, Set<String>> byChannel = new LinkedHashMap<>();
        for (PGNotification notification : arrived) {
            byChannel.computeIfAbsent(notification.getName(), c -> new LinkedHashSet<>()).add(notification.getParameter());
        }
        byChannel.forEach((channel, payloads) -> listeners.getOrDefault(channel, List.of()).forEach(listener -> {
            try {
                listener.notified(Set.copyOf(payloads));
            } catch (RuntimeException e) {
                log.error("A listener to {} failed on {}", channel, payloads, e);
            }
        }));
    }

    private void tellListening(Listener listener) {
        try {
            listener.listening();
        } catch (RuntimeException e) {
            log.error("A listener failed when told the channel is listened to", e);
        }
    }

    private static boolean pause(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }
}
