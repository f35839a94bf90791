package dev.checkstand.reconciliation;

import dev.checkstand.common.OrderId;
import dev.checkstand.inventory.Inventory;
import dev.checkstand.order.OrderManagement;
import dev.checkstand.payment.PaymentAttempt;
import dev.checkstand.payment.PaymentQueries;
import dev.checkstand.refund.RefundQueries;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * What the audit asks of the local books, each answer from the module that owns it (payment attempts, orders,
 * refunds, stock), in bulk: a few queries per audit, never one per PaymentIntent.
 */
@Component
class LocalBooks {

    static final int LIMIT = 1000;

    private final PaymentQueries payments;
    private final OrderManagement orders;
    private final RefundQueries refunds;
    private final Inventory inventory;

    LocalBooks(PaymentQueries payments, OrderManagement orders, RefundQueries refunds, Inventory inventory) {
        this.payments = payments;
        this.orders = orders;
        this.refunds = refunds;
        this.inventory = inventory;
    }

    /** The attempts of the given PaymentIntents that this service knows, by PaymentIntent id. */
    Map<String, PaymentAttempt> attempts(Collection<String> paymentIntentIds) {
        return payments.attemptsOfPaymentIntents(paymentIntentIds);
    }

    /** Of the given PaymentIntents, those whose attempt holds its order's authorization here, by PaymentIntent id. */
    Map<String, PaymentAttempt> authorizedAttempts(Collection<String> paymentIntentIds) {
        Map<String, PaymentAttempt> held = new HashMap<>();
        payments.attemptsOfPaymentIntents(paymentIntentIds).forEach((pi, attempt) -> {
            if (attempt.holdsAuthorization()) {
                held.put(pi, attempt);
            }
        });
        return held;
    }

    /** Order status (wire form) by order, for the given orders. */
    Map<OrderId, String> orderStatuses(Collection<OrderId> orderIds) {
        return orders.statuses(orderIds).stream()
                .collect(Collectors.toMap(OrderManagement.StatusVersion::orderId, OrderManagement.StatusVersion::status));
    }

    /** Orders paid in [from, to]: the PaymentIntent that paid each, mapped to the order's number. */
    Map<String, String> paidOrdersByPaymentIntent(Instant from, Instant to) {
        Map<OrderId, String> paid = orders.paidBetween(from, to);
        Map<String, String> result = new HashMap<>();
        payments.paidAttemptsOf(paid.keySet()).stream()
                .filter(attempt -> attempt.paymentIntentId() != null)
                .forEach(attempt -> result.put(attempt.paymentIntentId(), paid.get(attempt.orderId())));
        return result;
    }

    /** Money this service counts as returned per PaymentIntent, for those of the given attempts that have refunds. */
    Map<String, Long> refundedByPaymentIntent(Collection<PaymentAttempt> attempts) {
        Map<UUID, Long> byAttempt = refunds.returnedByAttempt(attempts.stream().map(PaymentAttempt::id).toList());
        Map<String, Long> result = new HashMap<>();
        attempts.stream()
                .filter(attempt -> byAttempt.containsKey(attempt.id()))
                .forEach(attempt -> result.put(attempt.paymentIntentId(), byAttempt.get(attempt.id())));
        return result;
    }

    List<String> attemptsStuckCreating(Instant olderThan) {
        return payments.stuckCreating(olderThan, LIMIT).stream().map(UUID::toString).toList();
    }

    List<String> refundsStuckCreating(Instant olderThan) {
        return refunds.stuckCreating(olderThan, LIMIT).stream().map(UUID::toString).toList();
    }

    List<String> reservationsPastExpiry(Instant expiredBefore) {
        return inventory.heldPastExpiry(expiredBefore, LIMIT).stream().map(OrderId::toString).toList();
    }

    List<String> orphanedPayments() {
        return payments.orphanedPayments().stream().map(orphan -> orphan.paymentIntentId()).limit(LIMIT).toList();
    }
}
