package dev.checkstand.admin;

import dev.checkstand.fulfillment.FulfillmentView;
import dev.checkstand.order.Order;
import dev.checkstand.order.OrderDetails;
import dev.checkstand.order.ShippingAddress;
import dev.checkstand.order.TimelineEntry;
import dev.checkstand.payment.PaymentAttempt;
import dev.checkstand.seller.SellerShare;
import java.time.Instant;
import java.util.List;

/** The full order model of API.md, for admins. */
record AdminOrderView(String id, String number, String status, String paymentStatus, String fulfillmentStatus,
        boolean needsAttention, List<String> attentionReasons, String currency, long subtotal, long shipping, long total,
        ShippingMethod shippingMethod, long amountAuthorized, long amountPaid, long amountRefunded, String email, ShippingAddress shippingAddress, List<Item> items,
        List<Payment> payments, List<Refund> refunds, List<FulfillmentView> fulfillments,
        List<Notification> notifications, List<TimelineEntry> timeline, Instant reservationExpiresAt,
        Instant createdAt, Instant paidAt, Instant canceledAt, Seller seller) {

    static AdminOrderView of(OrderDetails details, List<PaymentAttempt> attempts,
            List<dev.checkstand.refund.Refund> refunds, List<FulfillmentView> fulfillments,
            List<dev.checkstand.notification.Notification> notifications, dev.checkstand.shipping.ShippingQuote quote,
            SellerShare share) {
        Order o = details.order();
        return new AdminOrderView(o.id().value().toString(), o.number(), o.status().wire(), o.paymentStatus().wire(),
                o.fulfillmentStatus(), o.needsAttention(), o.attentionReasons().stream().sorted().toList(),
                o.total().currency(), o.subtotal().amount(), o.shipping().amount(), o.total().amount(),
                ShippingMethod.of(quote), o.amountAuthorized(), o.amountPaid(),
                o.amountRefunded(), o.email(), o.shippingAddress(),
                details.items().stream()
                        .map(i -> new Item(i.productId().toString(), i.sku(), i.name(), i.unitAmount(), i.quantity(), i.lineTotal()))
                        .toList(),
                attempts.stream()
                        .map(a -> new Payment(a.id().toString(), a.paymentIntentId(), a.checkoutSessionId(),
                                a.status().wire(), a.amount().amount(), a.amountReceived(),
                                refunded(refunds, a), a.capture().method(), a.capture().amountAuthorized(),
                                a.capture().captureBefore(), a.createdAt()))
                        .toList(),
                refunds.stream()
                        .map(r -> new Refund(r.id().toString(), r.stripeRefundId(), r.amount().amount(), r.status().wire(),
                                r.reason(), r.source(), r.createdAt()))
                        .toList(),
                fulfillments,
                notifications.stream()
                        .map(n -> new Notification(n.kind().wire(), n.to(), n.status().wire(), n.sentAt()))
                        .toList(),
                details.timeline(), o.reservationExpiresAt(), o.createdAt(), o.paidAt(), o.canceledAt(),
                Seller.of(share));
    }

    // Money returned from this attempt: every refund that has not failed or been canceled.
    private static long refunded(List<dev.checkstand.refund.Refund> refunds, PaymentAttempt attempt) {
        return refunds.stream()
                .filter(r -> r.attemptId().equals(attempt.id()))
                .filter(r -> r.status().committed())
                .mapToLong(r -> r.amount().amount())
                .sum();
    }

    /**
     * A marketplace order's seller: the platform's application fee, and the transfer of the rest to the seller's
     * account with how much of it refunds reversed (null until Stripe made it). Null for the shop's own orders.
     */
    record Seller(String id, String name, String stripeAccountId, int commissionBps, long applicationFee,
            Long applicationFeeRefunded, Transfer transfer) {

        static Seller of(SellerShare share) {
            if (share == null) {
                return null;
            }
            return new Seller(share.sellerId().toString(), share.sellerName(), share.stripeAccountId(),
                    share.commissionBps(), share.applicationFee(), share.applicationFeeRefunded(),
                    share.transferId() == null ? null : new Transfer(share.transferId(), share.transferAmount(),
                            share.transferReversed(), share.transferReadAt()));
        }
    }

    /** The transfer of a destination charge to the seller, as last read from Stripe. */
    record Transfer(String id, Long amount, Long amountReversed, Instant readAt) {
    }

    record Item(String productId, String sku, String name, long unitAmount, int quantity, long lineTotal) {
    }

    /**
     * How the order ships, as quoted when it was placed: the Printful method, its name, the zone whose rule priced it,
     * where the amount came from (flat, free, printful, printful_fallback) and the estimated delivery in days; null for
     * orders placed before quotes were kept.
     */
    record ShippingMethod(String method, String name, String zone, String source, Integer minDays, Integer maxDays) {

        static ShippingMethod of(dev.checkstand.shipping.ShippingQuote quote) {
            return quote == null ? null : new ShippingMethod(quote.method(), quote.methodName(), quote.zone(),
                    quote.source().wire(), quote.minDays(), quote.maxDays());
        }
    }

    /**
     * One payment attempt; {@code captureMethod} {@code manual} when it was authorized first (capture on
     * fulfillment), then {@code amountAuthorized} is what its authorization held and {@code captureBefore} when it lapses.
     */
    record Payment(String id, String paymentIntentId, String checkoutSessionId, String status, long amount,
            long amountReceived, long amountRefunded, String captureMethod, long amountAuthorized,
            Instant captureBefore, Instant createdAt) {
    }

    record Notification(String kind, String to, String status, Instant sentAt) {
    }

    record Refund(String id, String stripeRefundId, long amount, String status, String reason, String source,
            Instant createdAt) {
    }
}
