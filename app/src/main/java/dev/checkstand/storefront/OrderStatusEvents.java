package dev.checkstand.storefront;

import dev.checkstand.fulfillment.FulfillmentQueries;
import dev.checkstand.order.OrderManagement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The event a status stream sends: named {@code order}, its id the order's version (what a reconnecting
 * {@code EventSource} sends back as {@code Last-Event-ID}), its data the three statuses and, once packages left,
 * their tracking (carrier, number, link) in the order they left.
 */
@Component
class OrderStatusEvents {

    private final FulfillmentQueries fulfillments;

    OrderStatusEvents(FulfillmentQueries fulfillments) {
        this.fulfillments = fulfillments;
    }

    /** The event for {@code status}; reads the order's shipments when its fulfillment has begun. */
    Event of(OrderManagement.StatusVersion status) {
        List<Map<String, String>> tracking = status.fulfillmentStatus().equals("unfulfilled") ? List.of()
                : fulfillments.of(status.orderId()).stream()
                        .flatMap(f -> f.shipments().stream())
                        .map(s -> {
                            Map<String, String> t = new LinkedHashMap<>();
                            t.put("carrier", s.carrier());
                            t.put("trackingNumber", s.trackingNumber());
                            t.put("trackingUrl", s.trackingUrl());
                            return t;
                        })
                        .toList();
        return new Event(status.version(), Map.of("status", status.status(), "paymentStatus", status.paymentStatus(),
                "fulfillmentStatus", status.fulfillmentStatus(), "tracking", tracking));
    }

    /** An order's status at one version, ready to be sent to any number of streams. */
    record Event(int version, Map<String, Object> data) {

        /** A fresh builder for one stream (a builder is spent by sending it). */
        SseEmitter.SseEventBuilder builder() {
            return SseEmitter.event().id(Integer.toString(version)).name("order").data(data);
        }
    }
}
