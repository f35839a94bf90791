package dev.checkstand.storefront;

import dev.checkstand.common.OrderId;
import dev.checkstand.order.OrderManagement;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.task.ThreadPoolTaskSchedulerBuilder;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Pushes an order's status to the browsers watching it. Changes can be made by any instance, so each instance
 * polls the database for the orders its own connections watch (one query a second for all of them) and sends an
 * event whenever an order's version moved.
 */
@Component
class OrderStatusStreams implements DisposableBean {

    private static final Duration POLL = Duration.ofSeconds(1);
    private static final long TIMEOUT_MILLIS = Duration.ofMinutes(10).toMillis();

    private final OrderManagement orders;
    private final Map<OrderId, List<SseEmitter>> watchers = new ConcurrentHashMap<>();
    private final Map<OrderId, Integer> sentVersions = new ConcurrentHashMap<>();
    private final ThreadPoolTaskScheduler scheduler;

    // Its own one-thread scheduler, not a bean: a scheduler bean would replace Boot's application task executor.
    OrderStatusStreams(OrderManagement orders, ThreadPoolTaskSchedulerBuilder schedulers) {
        this.orders = orders;
        this.scheduler = schedulers.poolSize(1).threadNamePrefix("order-status-").build();
        this.scheduler.initialize();
        this.scheduler.scheduleWithFixedDelay(this::poll, POLL);
    }

    /** Opens a stream for the order and sends its current status at once. */
    SseEmitter open(OrderManagement.StatusVersion current) {
        SseEmitter emitter = new SseEmitter(TIMEOUT_MILLIS);
        OrderId id = current.orderId();
        watchers.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(emitter);
        Runnable remove = () -> forget(id, emitter);
        emitter.onCompletion(remove);
        emitter.onTimeout(remove);
        emitter.onError(e -> remove.run());
        send(emitter, current);
        sentVersions.merge(id, current.version(), Math::max);
        return emitter;
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
                watchers.getOrDefault(status.orderId(), List.of()).forEach(emitter -> send(emitter, status));
            }
        }
    }

    private void send(SseEmitter emitter, OrderManagement.StatusVersion status) {
        try {
            emitter.send(SseEmitter.event().name("order")
                    .data(Map.of("status", status.status(), "paymentStatus", status.paymentStatus(),
                            "fulfillmentStatus", status.fulfillmentStatus())));
        } catch (IOException | IllegalStateException e) {
            emitter.completeWithError(e);
        }
    }

    private void forget(OrderId id, SseEmitter emitter) {
        watchers.computeIfPresent(id, (k, list) -> {
            list.remove(emitter);
            return list.isEmpty() ? null : list;
        });
        if (!watchers.containsKey(id)) {
            sentVersions.remove(id);
        }
    }

    @Override
    public void destroy() {
        scheduler.shutdown();
        watchers.values().forEach(list -> list.forEach(SseEmitter::complete));
    }
}
