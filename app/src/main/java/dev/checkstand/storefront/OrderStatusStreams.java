package dev.checkstand.storefront;

import dev.checkstand.common.NotFound;
import dev.checkstand.common.OrderId;
import dev.checkstand.order.OrderManagement;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.task.ThreadPoolTaskSchedulerBuilder;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The order status streams open on this instance. Opening one sends the order's current status at once;
 * {@link #publish} sends a status to every stream of its order that has not had that version or a newer one, so a
 * status read twice, or read late, is sent once and never after a newer one. Which statuses to publish and when is
 * {@link OrderStatusFeed}'s job. A heartbeat comment on every stream finds the connections their clients closed (a
 * write to them fails) and releases them; open streams are capped per instance and per order; shutting down completes
 * every stream first, so graceful shutdown does not wait for them.
 */
@Component
class OrderStatusStreams implements DisposableBean {

    private static final long TIMEOUT_MILLIS = Duration.ofMinutes(10).toMillis();

    private final OrderManagement orders;
    private final OrderStatusEvents events;
    private final StreamSettings settings;
    private final Map<OrderId, List<Stream>> watchers = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final ThreadPoolTaskScheduler heartbeats;

    // Its own one-thread scheduler, not a bean: a scheduler bean would replace Boot's application task executor.
    OrderStatusStreams(OrderManagement orders, OrderStatusEvents events, StreamSettings settings,
            ThreadPoolTaskSchedulerBuilder schedulers, MeterRegistry meters) {
        this.orders = orders;
        this.events = events;
        this.settings = settings;
        Gauge.builder("checkstand.streams.open", open, AtomicInteger::get)
                .description("Order status streams open on this instance")
                .register(meters);
        this.heartbeats = schedulers.poolSize(1).threadNamePrefix("order-status-heartbeat-").build();
        this.heartbeats.initialize();
        this.heartbeats.scheduleWithFixedDelay(this::heartbeat, settings.heartbeat());
    }

    /**
     * Opens a stream for the order and sends its current status at once: {@link TooManyStreams} over a cap,
     * {@link NotFound} for an unknown order.
     */
    SseEmitter open(OrderId id) {
        if (closing.get()) {
            throw new TooManyStreams("The service is shutting down; open the stream again");
        }
        if (open.incrementAndGet() > settings.maxOpen()) {
            open.decrementAndGet();
            throw new TooManyStreams("This instance has " + settings.maxOpen() + " streams open already");
        }
        Stream stream = new Stream(new SseEmitter(TIMEOUT_MILLIS));
        if (!watch(id, stream)) {
            open.decrementAndGet();
            throw new TooManyStreams("This order has " + settings.maxPerOrder() + " streams open already");
        }
        Runnable remove = () -> forget(id, stream);
        stream.emitter.onCompletion(remove);
        stream.emitter.onTimeout(remove);
        stream.emitter.onError(e -> remove.run());
        try {
            // Read once the stream is watched: a change committed after this read is published to it by the feed.
            OrderManagement.StatusVersion current = orders.statuses(List.of(id)).stream().findFirst()
                    .orElseThrow(() -> new NotFound("order_not_found", "No order " + id));
            send(id, stream, events.of(current));
        } catch (RuntimeException e) {
            forget(id, stream); // the emitter never reaches the client, so none of its callbacks will run
            throw e;
        }
        return stream.emitter;
    }

    /** Sends each status to the streams of its order that have not had it yet (nothing for orders not watched). */
    void publish(Collection<OrderManagement.StatusVersion> statuses) {
        for (OrderManagement.StatusVersion status : statuses) {
            OrderStatusEvents.Event event = null;
            for (Stream stream : watchers.getOrDefault(status.orderId(), List.of())) {
                if (stream.behind(status.version())) {
                    event = event == null ? events.of(status) : event;
                    send(status.orderId(), stream, event);
                }
            }
        }
    }

    /** The orders at least one stream on this instance watches now. */
    Set<OrderId> watched() {
        return Set.copyOf(watchers.keySet());
    }

    /** Whether a stream on this instance watches the order now. */
    boolean watches(OrderId id) {
        return watchers.containsKey(id);
    }

    private boolean watch(OrderId id, Stream stream) {
        AtomicBoolean added = new AtomicBoolean();
        watchers.compute(id, (k, list) -> {
            List<Stream> streams = list == null ? new CopyOnWriteArrayList<>() : list;
            if (streams.size() < settings.maxPerOrder()) {
                streams.add(stream);
                added.set(true);
            }
            return streams.isEmpty() ? null : streams;
        });
        return added.get();
    }

    // A client that went away is only noticed when a write to its connection fails: write to every stream regularly.
    private void heartbeat() {
        watchers.forEach((id, streams) -> streams.forEach(stream -> write(id, stream,
                SseEmitter.event().comment("heartbeat"))));
    }

    // The version check and the write are one step per stream: the first event and the feed's may race.
    private void send(OrderId id, Stream stream, OrderStatusEvents.Event event) {
        synchronized (stream) {
            if (stream.behind(event.version()) && write(id, stream, event.builder())) {
                stream.sent = event.version();
            }
        }
    }

    private boolean write(OrderId id, Stream stream, SseEmitter.SseEventBuilder event) {
        try {
            stream.emitter.send(event);
            return true;
        } catch (IOException | IllegalStateException e) {
            // Forgotten here, not only in the callbacks: after a failed write Spring leaves completion to the container.
            forget(id, stream);
            stream.emitter.completeWithError(e);
            return false;
        }
    }

    private void forget(OrderId id, Stream stream) {
        AtomicBoolean removed = new AtomicBoolean();
        watchers.computeIfPresent(id, (k, list) -> {
            removed.set(list.remove(stream));
            return list.isEmpty() ? null : list;
        });
        if (removed.get()) {
            open.decrementAndGet();
        }
    }

    // Runs before the web server's graceful shutdown, which would otherwise wait its whole timeout for the streams.
    @EventListener(ContextClosedEvent.class)
    void completeAll() {
        closing.set(true);
        watchers.values().forEach(list -> list.forEach(stream -> stream.emitter.complete()));
    }

    @Override
    public void destroy() {
        heartbeats.shutdown();
        completeAll();
    }

    /** One client's stream and the newest order version it was sent. */
    private static final class Stream {

        final SseEmitter emitter;
        volatile int sent = -1;

        Stream(SseEmitter emitter) {
            this.emitter = emitter;
        }

        boolean behind(int version) {
            return version > sent;
        }
    }
}
