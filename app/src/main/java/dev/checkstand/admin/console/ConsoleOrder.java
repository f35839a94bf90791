package dev.checkstand.admin.console;

import dev.checkstand.fulfillment.FulfillmentView;
import dev.checkstand.notification.Notification;
import dev.checkstand.order.Order;
import dev.checkstand.order.OrderDetails;
import dev.checkstand.order.TimelineEntry;
import dev.checkstand.payment.PaymentAttempt;
import dev.checkstand.refund.Refund;
import dev.checkstand.seller.SellerShare;
import java.time.Instant;
import java.util.List;

/**
 * The order detail page's model: the admin order model of API.md with its amounts as text in the order's currency,
 * and what the page's actions may do (refund up to what is left, cancel an unpaid order, capture or release an
 * authorization, retry a fulfillment). {@code seller} is the seller's share of a seller's order, null for the shop's own.
 */
public record ConsoleOrder(Order order, List<OrderDetails.Item> items, List<PaymentAttempt> payments, List<Refund> refunds,
        List<FulfillmentView> fulfillments, List<Notification> notifications, List<TimelineEntry> timeline,
        SellerShare seller, String stripeDashboard) {

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

    /** Whether the order holds an authorization (capture on fulfillment), to be captured or released. */
    public boolean authorized() {
        return order.paymentStatus() == Order.PaymentStatus.AUTHORIZED;
    }

    /** When the held authorization lapses at Stripe; null when the order holds none or it is not known yet. */
    public Instant captureBefore() {
        return holding().map(p -> p.capture().captureBefore()).orElse(null);
    }

    /** A capture or release of the held authorization decided but not yet seen through, in words; null when none. */
    public String settling() {
        return holding().map(PaymentAttempt::capture)
                .map(c -> c.amountToCapture() != null ? "A capture of " + money(c.amountToCapture()) + " is under way."
                        : c.releaseReason() != null ? "A release (" + c.releaseReason().replace('_', ' ')
                                + ") is under way." : null)
                .orElse(null);
    }

    /** What became of the order's authorization when it was captured (its "paid" entry); null when it was not. */
    public Captured captured() {
        return timeline.stream().filter(e -> e.type().equals("paid") && e.data().containsKey("authorized"))
                .reduce((first, second) -> second)
                .map(e -> new Captured(amount(e, "authorized"), amount(e, "amount"), amount(e, "released"), e.at()))
                .orElse(null);
    }

    /** Why and when the order's authorization was released without a capture; null when it was not. */
    public Released released() {
        return timeline.stream().filter(e -> e.type().equals("authorization_released"))
                .reduce((first, second) -> second)
                .map(e -> new Released(String.valueOf(e.data().get("reason")).replace('_', ' '), e.at()))
                .orElse(null);
    }

    /** The seller's commission on this order, as fixed at checkout ("12.5 %"); null for the shop's own orders. */
    public String commission() {
        return seller == null ? null : ConsoleSeller.percent(seller.commissionBps()) + " %";
    }

    /** An amount of the seller's share as text; one Stripe has not reported yet is none so far. */
    public String soFar(Long minorUnits) {
        return money(minorUnits == null ? 0 : minorUnits.longValue());
    }

    public boolean fulfillmentRetryable() {
        return fulfillments.stream().anyMatch(f -> f.status().equals("blocked") || f.status().equals("failed"));
    }

    /** A link to the PaymentIntent in Stripe's dashboard, when real keys are set. */
    public String dashboardLink(String paymentIntentId) {
        return stripeDashboard == null || paymentIntentId == null ? null
                : stripeDashboard + "/payments/" + paymentIntentId;
    }

    private java.util.Optional<PaymentAttempt> holding() {
        return payments.stream().filter(PaymentAttempt::holdsAuthorization).findFirst();
    }

    private static long amount(TimelineEntry entry, String key) {
        return entry.data().get(key) instanceof Number n ? n.longValue() : 0;
    }

    /** An authorization captured: what it held, what was taken of it and what released, and when. */
    public record Captured(long authorized, long captured, long released, Instant at) {
    }

    /** An authorization released without a capture: why (in words) and when. */
    public record Released(String reason, Instant at) {
    }

    /** When, in UTC to the second. */
    public String at(Instant instant) {
        return new ConsoleFormat().at(instant);
    }
}
