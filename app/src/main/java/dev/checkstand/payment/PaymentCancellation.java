package dev.checkstand.payment;

import dev.checkstand.common.LogContext;
import dev.checkstand.common.NotFound;
import dev.checkstand.common.OrderId;
import dev.checkstand.order.Order;
import dev.checkstand.order.OrderManagement;
import dev.checkstand.order.Source;
import dev.checkstand.platform.ManualInterventions;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Cancels unpaid orders the only safe way round: first every payment that could still succeed is canceled at
 * Stripe, and only when Stripe confirms is the order canceled and its stock released (invariant 5). When the
 * payment wins the race, the order ends paid and the cancel is refused.
 */
@Service
public class PaymentCancellation {

    private final PaymentAttempts attempts;
    private final Payments payments;
    private final AttemptCancellation attemptCancellation;
    private final OrderManagement orders;
    private final TransactionTemplate transactions;
    private final ManualInterventions interventions;

    PaymentCancellation(PaymentAttempts attempts, Payments payments, AttemptCancellation attemptCancellation,
            OrderManagement orders, TransactionTemplate transactions, ManualInterventions interventions) {
        this.attempts = attempts;
        this.payments = payments;
        this.attemptCancellation = attemptCancellation;
        this.orders = orders;
        this.transactions = transactions;
        this.interventions = interventions;
    }

    /** Cancels an unpaid order; canceling a canceled order again returns it unchanged. */
    public Order cancelOrder(OrderId orderId, Source source) {
        return cancelOrder(orderId, source, "requested_by_customer");
    }

    /**
     * Cancels an unpaid order for {@code reason} (a Stripe cancellation reason: {@code requested_by_customer},
     * {@code abandoned}); refused with {@link OrderNotCancelable} when a payment succeeded or is still settling.
     */
    public Order cancelOrder(OrderId orderId, Source source, String reason) {
        Order order = orders.find(orderId).orElseThrow(() -> new NotFound("order_not_found", "No order " + orderId));
        try (LogContext.Scope scope = LogContext.order(orderId, order.number())) {
            return cancel(order, source, reason);
        }
    }

    private Order cancel(Order order, Source source, String reason) {
        OrderId orderId = order.id();
        if (order.status() == Order.Status.CANCELED) {
            return order;
        }
        refuseIfPaid(order);
        for (PaymentAttempt attempt : attempts.of(orderId)) {
            if (attempt.live()) {
                attemptCancellation.cancel(payments.ensureCreated(attempt.id()), reason, source);
            }
        }
        transactions.executeWithoutResult(tx -> {
            // With every attempt locked, no payment of this order can be applied until the cancel commits.
            List<PaymentAttempt> live = attempts.lockAllOf(orderId).stream().filter(PaymentAttempt::live).toList();
            refuseIfPaid(orders.find(orderId).orElseThrow());
            if (!live.isEmpty()) {
                throw new OrderNotCancelable("A payment of this order is still " + live.get(0).status().wire());
            }
            orders.cancel(orderId, source, Map.of("reason", reason));
        });
        if (source == Source.ADMIN) {
            interventions.record("cancel");
        }
        return orders.find(orderId).orElseThrow();
    }

    /** Stops at Stripe every attempt of the order but {@code keep} that could still take money. */
    public void stopOtherAttempts(PaymentAttempt keep, Source source) {
        for (PaymentAttempt attempt : attempts.of(keep.orderId())) {
            if (!attempt.id().equals(keep.id()) && attempt.live()) {
                attemptCancellation.cancel(payments.ensureCreated(attempt.id()), "abandoned", source);
            }
        }
    }

    private static void refuseIfPaid(Order order) {
        if (order.status() == Order.Status.PAID) {
            throw new OrderNotCancelable("Order " + order.number() + " is paid; refund it instead");
        }
    }
}
