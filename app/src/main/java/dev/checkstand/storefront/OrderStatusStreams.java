package dev.checkstand.storefront;

import dev.checkstand.common.OrderId;
import dev.checkstand.fulfillment.FulfillmentQueries;
import dev.checkstand.order.OrderManagement;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
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
 * Pushes an order's status to the browsers watching it. Changes can be made by any instance, so each instance
 * polls the database for the orders its own connections watch (one query a second for all of them) and sends an
 * event whenever an order's version moved. A heartbeat comment on every stream finds the connections their clients
 * closed (a write to them fails) and releases them; open streams are capped per instance and per order; shutting
 * down completes every stream first, so graceful shutdown does not wait for them.
 */
@Component
class OrderStatusStreams implements DisposableBean {

    private static final Duration POLL = Duration.ofSeconds(1);
    private static final long TIMEOUT_MILLIS = Duration.ofMinutes(10).toMillis();

    private final OrderManagement orders;
    private final FulfillmentQueries fulfillments;
    private final StreamSettings settings;
    private final Map<OrderId, List<SseEmitter>> watchers = new ConcurrentHashMap<>();
    private final Map<OrderId, Integer> sentVersions = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final ThreadPoolTaskScheduler scheduler;

    // Its own one-thread scheduler, not a bean: a scheduler bean would replace Boot's application task executor.
    OrderStatusStreams(OrderManagement orders, FulfillmentQueries fulfillments, StreamSettings settings,
            ThreadPoolTaskSchedulerBuilder schedulers, MeterRegistry meters) {
        this.orders = orders;
        this.fulfillments = fulfillments;
        this.settings = settings;
        Gauge.builder("checkstand.streams.open", open, AtomicInteger::get)
                .description("Order status streams open on this instance")
                .register(meters);
        this.scheduler = schedulers.poolSize(1).threadNamePrefix("order-status-").build();
        this.scheduler.initialize();
        this.scheduler.scheduleWithFixedDelay(this::poll, POLL);
        this.scheduler.scheduleWithFixedDelay(this::heartbeat, settings.heartbeat());
    }

    /** Opens a stream for the order and sends its current status at once; {@link TooManyStreams} over a cap. */
    SseEmitter open(OrderManagement.StatusVersion current) {
        if (closing.get()) {
            throw new TooManyStreams("The service is shutting down; open the stream again");
        }
        if (open.incrementAndGet() > settings.maxOpen()) {
            open.decrementAndGet();
            throw new TooManyStreams("This instance has " + settings.maxOpen() + " streams open already");
        }
        SseEmitter emitter = new SseEmitter(TIMEOUT_MILLIS);
        OrderId id = current.orderId();
        if (!watch(id, emitter)) {
            open.decrementAndGet();
            throw new TooManyStreams("This order has " + settings.maxPerOrder() + " streams open already");
        }
        Runnable remove = () -> forget(id, emitter);
        emitter.onCompletion(remove);
        emitter.onTimeout(remove);
        emitter.onError(e -> remove.run());
        send(id, emitter, event(current));
        sentVersions.merge(id, current.version(), Math::max);
        return emitter;
    }

    private boolean watch(OrderId id, SseEmitter emitter) {
        AtomicBoolean added = new AtomicBoolean();
        watchers.compute(id, (k, list) -> {
            List<SseEmitter> emitters = list == null ? new CopyOnWriteArrayList<>() : list;
            if (emitters.size() < settings.maxPerOrder()) {
                emitters.add(emitter);
                added.set(true);
            }
            return emitters.isEmpty() ? null : emitters;
        });
        return added.get();
    }

    private void poll() {
        Set<OrderId> watched = Set.copyOf(watchers.keySet());
        if (watched.isEmpty()) {
            return;
        }
        for (OrderManagement.StatusVersion status : orders.statuses(watched)) {
            Integer sent = sentVersions.get(status.orderId());
            if (sent == null || status.version() > sent) {
                sentVersions.put(status.orderId(), status.version());
                Map<String, Object> event = event(status);
                watchers.getOrDefault(status.orderId(), List.of()).forEach(emitter -> send(status.orderId(), emitter, event));
            }
        }
    }

    // A client that went away is only noticed when a write to its connection fails: write to every stream regularly.
    private void heartbeat() {
        watchers.forEach((id, emitters) -> emitters.forEach(emitter -> write(id, emitter,
                SseEmitter.event().comment("heartbeat"))));
    }

    // The statuses, and once packages left, their tracking (carrier, number, link) in the order they left.
    private Map<String, Object> event(OrderManagement.StatusVersion status) {
        List<Map<String, String>> tracking = status.fulfillmentStatus().equals("unfulfilled") ? List.of()
                : fulfillments.of(status.orderId()).stream()
                        .flatMap(f -> f.shipments().stream())
                        .map(s -> {
                            Map<String, String> t = new java.util.LinkedHashMap<>();
                            t.put("carrier", s.carrier());
                            t.put("trackingNumber", s.trackingNumber());
                            t.put("trackingUrl", s.trackingUrl());
                            return t;
                        })
                        .toList();
        return Map.of("status", status.status(), "paymentStatus", status.paymentStatus(),
                "fulfillmentStatus", status.fulfillmentStatus(), "tracking", tracking);
    }

    private void send(OrderId id, SseEmitter emitter, Map<String, Object> event) {
        write(id, emitter, SseEmitter.event().name("order").data(event));
    }

    private void write(OrderId id, SseEmitter emitter, SseEmitter.SseEventBuilder event) {
        try {
            emitter.send(event);
        } catch (IOException | IllegalStateException e) {
            // Forgotten here, not only in the callbacks: after a failed write Spring leaves completion to the container.
            forget(id, emitter);
            emitter.completeWithError(e);
        }
    }

    private void forget(OrderId id, SseEmitter emitter) {
        AtomicBoolean removed = new AtomicBoolean();
        watchers.computeIfPresent(id, (k, list) -> {
            removed.set(list.remove(emitter));
            return list.isEmpty() ? null : list;
        });
        if (removed.get()) {
            open.decrementAndGet();
        }
        if (!watchers.containsKey(id)) {
            sentVersions.remove(id);
        }
    }

    // Runs before the web server's graceful shutdown, which would otherwise wait its whole timeout for the streams.
    @EventListener(ContextClosedEvent.class)
    void completeAll() {
        closing.set(true);
        watchers.values().forEach(list -> list.forEach(SseEmitter::complete));
    }

    @Override
    public void destroy() {
        scheduler.shutdown();
        completeAll();
    }
}
