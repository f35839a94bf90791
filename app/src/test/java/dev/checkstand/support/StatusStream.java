package dev.checkstand.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * An order's {@code sync-status} stream read as a browser's {@code EventSource} reads it: events with their id and
 * data (comments skipped), queued as they arrive by a thread of its own.
 */
public final class StatusStream implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final HttpResponse<Stream<String>> response;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

    /** One server-sent event: its {@code id:} (null when none) and its {@code data:}. */
    public record Event(String id, String data) {

        /** The id as the order version it stands for. */
        public int version() {
            return Integer.parseInt(id);
        }
    }

    private StatusStream(HttpResponse<Stream<String>> response) {
        this.response = response;
        Thread reader = new Thread(this::read, "status-stream-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Opens the stream of {@code orderId} on the service at {@code port}, with further request headers. */
    public static StatusStream open(int port, String orderId, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(
                "http://localhost:" + port + "/api/orders/" + orderId + "/sync-status"))
                .header("Accept", "text/event-stream");
        headers.forEach(request::header);
        try {
            HttpResponse<Stream<String>> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofLines());
            if (response.statusCode() != 200) {
                response.body().close();
                throw new IllegalStateException("sync-status answered " + response.statusCode());
            }
            return new StatusStream(response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static StatusStream open(int port, String orderId) {
        return open(port, orderId, Map.of());
    }

    /** The next event, or null when none arrived {@code within}. */
    public Event next(Duration within) throws InterruptedException {
        return events.poll(within.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The first event that matches, skipping others, or null when none arrived {@code within}. */
    public Event next(Predicate<Event> wanted, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        for (long left = within.toNanos(); left > 0; left = deadline - System.nanoTime()) {
            Event event = events.poll(left, TimeUnit.NANOSECONDS);
            if (event != null && wanted.test(event)) {
                return event;
            }
        }
        return null;
    }

    private void read() {
        String id = null;
        StringBuilder data = null;
        try {
            for (java.util.Iterator<String> lines = response.body().iterator(); lines.hasNext(); ) {
                String line = lines.next();
                if (line.isEmpty()) {
                    if (data != null) {
                        events.add(new Event(id, data.toString()));
                    }
                    id = null;
                    data = null;
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).trim();
                } else if (line.startsWith("data:")) {
                    data = (data == null ? new StringBuilder() : data.append('\n')).append(line.substring(5));
                }
            }
        } catch (UncheckedIOException e) {
            // closed
        }
    }

    @Override
    public void close() {
        response.body().close();
    }
}
