package dev.checkstand.admin;

import dev.checkstand.common.OrderId;
import dev.checkstand.fulfillment.FulfillmentQueries;
import dev.checkstand.notification.NotificationQueries;
import dev.checkstand.order.OrderManagement;
import dev.checkstand.payment.PaymentQueries;
import dev.checkstand.refund.RefundQueries;
import dev.checkstand.seller.Marketplace;
import dev.checkstand.shipping.ShippingQuotes;
import org.springframework.stereotype.Component;

/** Assembles the full admin order model from the modules that own its parts. */
@Component
class AdminOrderViews {

    private final OrderManagement orders;
    private final PaymentQueries payments;
    private final RefundQueries refunds;
    private final FulfillmentQueries fulfillments;
    private final NotificationQueries notifications;
    private final ShippingQuotes shipping;
    private final Marketplace marketplace;

    AdminOrderViews(OrderManagement orders, PaymentQueries payments, RefundQueries refunds,
            FulfillmentQueries fulfillments, NotificationQueries notifications, ShippingQuotes shipping,
            Marketplace marketplace) {
        this.marketplace = marketplace;
        this.shipping = shipping;
        this.fulfillments = fulfillments;
        this.orders = orders;
        this.payments = payments;
        this.refunds = refunds;
        this.notifications = notifications;
    }

    /** The order as API.md's full model; 404 {@code order_not_found} when unknown. */
    AdminOrderView of(OrderId id) {
        return AdminOrderView.of(orders.details(id), payments.attemptsOf(id), refunds.refundsOf(id),
                fulfillments.of(id), notifications.of(id), shipping.of(id).orElse(null),
                marketplace.shareOf(id).orElse(null));
    }
}
