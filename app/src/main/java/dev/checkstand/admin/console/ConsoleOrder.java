package dev.checkstand.admin.console;

import dev.checkstand.fulfillment.FulfillmentView;
import dev.checkstand.notification.Notification;
import dev.checkstand.order.Order;
import dev.checkstand.order.OrderDetails;
import dev.checkstand.order.TimelineEntry;
import dev.checkstand.payment.PaymentAttempt;
import dev.checkstand.refund.Refund;
import java.time.Instant;
import java.util.List;

/**
 * The order detail page's model: the admin order model of API.md with its amounts as text in the order's currency,
 * and what the page's actions may do (refund up to what is left, cancel an unpaid order, retry a fulfillment).
 */
public record ConsoleOrder(Order order, List<OrderDetails.Item> items, List<PaymentAttempt> payments, List<Refund> refunds,
        List<FulfillmentView> fulfillments, List<Notification> notifications, List<TimelineEntry> timeline,
        String stripeDashboard) {

    /** An amount of the order's currency, as text. */
    public String money(long minorUnits) {
        return new ConsoleFormat().money(minorUnits, order.total().currency());
    }

    /** What can still be refunded: received less every refund that has not failed. */
    public long refundable() {
        long returned = refunds.stream().filter(r -> r.status().committed()).mapToLong(r -> r.amount().amount()).sum();
        return Math.max(0, order.amountPaid() - returned);
    }

    public boolean cancelable() {
        return order.status() == Order.Status.PENDING_PAYMENT;
    }

    public boolean fulfillmentRetryable() {
        return fulfillments.stream().anyMatch(f -> f.status().equals("blocked") || f.status().equals("failed"));
    }

    /** A link to the PaymentIntent in Stripe's dashboard, when real keys are set. */
    public String dashboardLink(String paymentIntentId) {
        return stripeDashboard == null || paymentIntentId == null ? null
                : stripeDashboard + "/payments/" + paymentIntentId;
    }

    /** When, in UTC to the second. */
    public String at(Instant instant) {
        return new ConsoleFormat().at(instant);
    }
}
