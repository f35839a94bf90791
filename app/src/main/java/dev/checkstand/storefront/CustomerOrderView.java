package dev.checkstand.storefront;

import dev.checkstand.common.EmailMask;
import dev.checkstand.fulfillment.FulfillmentView;
import dev.checkstand.fulfillment.ShipmentSent;
import dev.checkstand.order.Order;
import dev.checkstand.order.OrderDetails;
import dev.checkstand.payment.PaymentAttempt;
import java.time.Instant;
import java.util.List;

/**
 * An order as its customer may see it: no timeline, no internal ids but the order's, a masked email, and only the
 * name, city and country of the shipping address.
 */
record CustomerOrderView(String id, String number, String status, String paymentStatus, String fulfillmentStatus,
        String currency, long subtotal, long shipping, long total, long amountAuthorized, long amountPaid, long amountRefunded, String email,
        Address shippingAddress, List<Item> items, List<Payment> payments, List<Shipment> shipments,
        Instant reservationExpiresAt, Instant createdAt, Instant paidAt, Instant canceledAt) {

    static CustomerOrderView of(OrderDetails details, List<PaymentAttempt> attempts,
            List<FulfillmentView> fulfillments) {
        Order o = details.order();
        return new CustomerOrderView(o.id().value().toString(), o.number(), o.status().wire(), o.paymentStatus().wire(),
                o.fulfillmentStatus(), o.total().currency(), o.subtotal().amount(), o.shipping().amount(),
                o.total().amount(), o.amountAuthorized(), o.amountPaid(), o.amountRefunded(), EmailMask.of(o.email()),
                new Address(o.shippingAddress().name(), o.shippingAddress().city(), o.shippingAddress().country()),
                details.items().stream()
                        .map(i -> new Item(i.productId().toString(), i.sku(), i.name(), i.unitAmount(), i.quantity(), i.lineTotal()))
                        .toList(),
                attempts.stream().filter(a -> a.status() != PaymentAttempt.Status.CREATING)
                        .map(a -> new Payment(a.status().wire(), a.amount().amount(), a.amountReceived(), a.createdAt()))
                        .toList(),
                fulfillments.stream().flatMap(f -> f.shipments().stream())
                        .map(s -> new Shipment(s.carrier(), s.service(), s.trackingNumber(), s.trackingUrl(),
                                s.shippedAt(), s.items()))
                        .toList(),
                o.reservationExpiresAt(), o.createdAt(), o.paidAt(), o.canceledAt());
    }

    record Address(String name, String city, String country) {
    }

    record Item(String productId, String sku, String name, long unitAmount, int quantity, long lineTotal) {
    }

    record Payment(String status, long amount, long amountReceived, Instant createdAt) {
    }

    /** A package on its way: carrier, tracking and what is in it. */
    record Shipment(String carrier, String service, String trackingNumber, String trackingUrl, Instant shippedAt,
            List<ShipmentSent.ShippedItem> items) {
    }
}
