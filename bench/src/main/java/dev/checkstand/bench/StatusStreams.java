package dev.checkstand.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * Open {@code sync-status} streams, one per order, read as a browser's {@code EventSource} reads them: each event's
 * id (the order's version) is recorded with the moment its last line arrived. One HTTP/1.1 connection per stream on
 * the JDK's client, its lines handed over as they are read (no thread per stream).
 */
final class StatusStreams implements AutoCloseable {

    private final List<Stream> streams = new ArrayList<>();
    private final List<CompletableFuture<?>> responses = new ArrayList<>();

    /** One event as it arrived: the version it carries and {@link System#nanoTime()} when it was complete. */
    record Arrival(int version, long nanos) {
    }

    /** Opens one stream per order id on {@code baseUrl} and waits until each has sent its first event. */
    static StatusStreams open(String baseUrl, List<String> orderIds, Duration limit) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        StatusStreams opened = new StatusStreams();
        for (String orderId : orderIds) {
            Stream stream = new Stream();
            opened.streams.add(stream);
            opened.responses.add(http.sendAsync(HttpRequest.newBuilder(URI.create(baseUrl + "/api/orders/" + orderId
                    + "/sync-status")).header("Accept", "text/event-stream").build(),
                    HttpResponse.BodyHandlers.fromLineSubscriber(stream)));
        }
        if (Double.isNaN(Deployment.await(() -> opened.streams.stream().allMatch(s -> !s.arrivals().isEmpty()), limit))) {
            opened.close();
            throw new IllegalStateException("not every stream sent its first event within " + limit);
        }
        return opened;
    }

    /** The events stream {@code index} (in the order the ids were given) received so far. */
    List<Arrival> arrivals(int index) {
        return streams.get(index).arrivals();
    }

    @Override
    public void close() {
        streams.forEach(Stream::cancel);
        responses.forEach(response -> response.cancel(true));
    }

    private static final class Stream implements Flow.Subscriber<String> {

        private final List<Arrival> arrivals = new ArrayList<>();
        private volatile Flow.Subscription subscription;
        private String id;

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            if (line.startsWith("id:")) {
                id = line.substring(3).trim();
            } else if (line.isEmpty() && id != null) {
                Arrival arrival = new Arrival(Integer.parseInt(id), System.nanoTime());
                synchronized (arrivals) {
                    arrivals.add(arrival);
                }
                id = null;
            }
        }

        @Override
        public void onError(Throwable failure) {
        }

        @Override
        public void onComplete() {
        }

        List<Arrival> arrivals() {
            synchronized (arrivals) {
                return List.copyOf(arrivals);
            }
        }

        void cancel() {
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
        }
    }
}
