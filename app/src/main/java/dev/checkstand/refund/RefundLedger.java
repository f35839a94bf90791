package dev.checkstand.refund;

import dev.checkstand.common.Money;
import dev.checkstand.common.OrderId;
import dev.checkstand.inventory.Inventory;
import dev.checkstand.order.Order;
import dev.checkstand.order.OrderManagement;
import dev.checkstand.order.Source;
import dev.checkstand.payment.PaymentAttempt;
import dev.checkstand.payment.PaymentQueries;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Decides and writes refunds before Stripe is asked (invariant 4): what is still refundable, the refund row in state
 * {@code creating} with its idempotency key, any units restocked, and the order's timeline entry. Call it under the
 * order's refund lock, in the caller's transaction.
 */
@Component
class RefundLedger {

    private final Refunds refunds;
    private final PaymentQueries payments;
    private final OrderManagement orders;
    private final Inventory inventory;
    private final Clock clock;
    private final RecoverySettings settings;

    RefundLedger(Refunds refunds, PaymentQueries payments, OrderManagement orders, Inventory inventory, Clock clock,
            RecoverySettings settings) {
        this.refunds = refunds;
        this.payments = payments;
        this.orders = orders;
        this.inventory = inventory;
        this.clock = clock;
        this.settings = settings;
    }

    /**
     * An admin's refund of a paid order: refundable = what its payment received − every refund not failed or
     * canceled; refused beyond that, and when the order is not paid.
     */
    Refund requestByAdmin(OrderId orderId, String key, String hash, String restockJson,
            RefundRequests.RefundRequest request) {
        Order order = orders.find(orderId).orElseThrow();
        PaymentAttempt paid = payments.paidAttemptOf(orderId)
                .filter(attempt -> order.status() == Order.Status.PAID)
                .orElseThrow(() -> new RefundRequests.OrderNotRefundable(order));
        long refundable = paid.amountReceived() - refunds.committedTotal(paid.id());
        long amount = request.amount() == null ? refundable : request.amount();
        if (amount <= 0 || amount > refundable) {
            throw new RefundRequests.RefundExceedsRefundable(amount, refundable, paid.amount().currency());
        }
        for (RefundRequests.RefundRequest.Restock item : request.restockItems()) {
            if (!inventory.restock(orderId, item.productId(), item.quantity())) {
                throw new RefundRequests.RestockExceedsSold(item.productId(), item.quantity());
            }
        }
        Refund refund = creating(orderId, paid.id(), Money.of(amount, paid.amount().currency()), request.reason(),
                "admin", key);
        // Leased to the request that writes it: it calls Stripe right after its commit (RefundRequests).
        Instant now = clock.instant();
        refunds.insertCreating(refund, hash, restockJson, now, now.plus(settings.grace()));
        Map<String, Object> data = data(refund);
        if (!request.restockItems().isEmpty()) {
            data.put("restocked", request.restockItems().stream()
                    .map(i -> Map.of("productId", i.productId().toString(), "quantity", i.quantity())).toList());
        }
        orders.note(orderId, "refund_requested", Source.ADMIN, data);
        return refund;
    }

    /**
     * Everything one attempt received goes back, once: the key is derived from the attempt, so a repeat (an event
     * handled again, another instance) finds the refund written and writes nothing. The refund, when written now.
     */
    java.util.Optional<Refund> returnInFull(OrderId orderId, UUID attemptId, Money received, String reason,
            String why) {
        if (received.amount() <= 0) {
            return java.util.Optional.empty();
        }
        Refund refund = creating(orderId, attemptId, received, reason, "system", "attempt:" + attemptId + ":refund:" + why);
        if (!refunds.insertCreating(refund, clock.instant())) {
            return java.util.Optional.empty();
        }
        Map<String, Object> data = data(refund);
        data.put("why", why);
        orders.note(orderId, "refund_requested", Source.SYSTEM, data);
        return java.util.Optional.of(refund);
    }

    private Refund creating(OrderId orderId, UUID attemptId, Money amount, String reason, String source, String key) {
        return new Refund(UUID.randomUUID(), orderId, attemptId, null, amount, Refund.Status.CREATING, reason, source,
                key, null, clock.instant());
    }

    private static Map<String, Object> data(Refund refund) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("refundId", refund.id().toString());
        data.put("amount", refund.amount().amount());
        data.put("currency", refund.amount().currency());
        if (refund.reason() != null) {
            data.put("reason", refund.reason());
        }
        return data;
    }
}
