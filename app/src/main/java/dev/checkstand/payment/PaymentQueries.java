package dev.checkstand.payment;

import dev.checkstand.common.OrderId;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Read-only questions about payments: the indexed links between Stripe ids and orders, attempts, orphans. */
@Service
@Transactional(readOnly = true)
public class PaymentQueries {

    private final PaymentAttempts attempts;
    private final OrphanedPayments orphans;

    PaymentQueries(PaymentAttempts attempts, OrphanedPayments orphans) {
        this.attempts = attempts;
        this.orphans = orphans;
    }

    /** One attempt. */
    public Optional<PaymentAttempt> attempt(UUID attemptId) {
        return attempts.byId(attemptId);
    }

    /** Where the attempt's charge sends its money, when it is a destination charge to a seller. */
    public Optional<dev.checkstand.payment.gateway.PaymentGateway.Destination> destinationOf(UUID attemptId) {
        return attempts.destinationOf(attemptId);
    }

    /** The attempt of a PaymentIntent: one indexed lookup. */
    public Optional<PaymentAttempt> attemptOfPaymentIntent(String paymentIntentId) {
        return attempts.byPaymentIntentId(paymentIntentId);
    }

    /** The order's most recent attempt. */
    public Optional<PaymentAttempt> latestAttempt(OrderId orderId) {
        return attempts.latestOf(orderId);
    }

    /** Every attempt of the order, oldest first. */
    public List<PaymentAttempt> attemptsOf(OrderId orderId) {
        return attempts.of(orderId);
    }

    /** The attempt that paid the order, once it is paid. */
    public Optional<PaymentAttempt> paidAttemptOf(OrderId orderId) {
        return attempts.of(orderId).stream().filter(a -> a.status() == PaymentAttempt.Status.SUCCEEDED).findFirst();
    }

    /** The order a PaymentIntent belongs to: one indexed lookup. */
    public Optional<OrderId> orderOfPaymentIntent(String paymentIntentId) {
        return attempts.byPaymentIntentId(paymentIntentId).map(PaymentAttempt::orderId);
    }

    /** The order a Checkout Session belongs to: one indexed lookup. */
    public Optional<OrderId> orderOfCheckoutSession(String sessionId) {
        return attempts.byCheckoutSessionId(sessionId).map(PaymentAttempt::orderId);
    }

    /** The PaymentIntent of a Checkout Session, once Stripe has created one and it is linked. */
    public Optional<String> paymentIntentOfCheckoutSession(String sessionId) {
        return attempts.byCheckoutSessionId(sessionId).map(PaymentAttempt::paymentIntentId);
    }

    /** The attempts of the given PaymentIntents that this service knows, by PaymentIntent id. */
    public Map<String, PaymentAttempt> attemptsOfPaymentIntents(Collection<String> paymentIntentIds) {
        return attempts.byPaymentIntentIds(paymentIntentIds).stream()
                .collect(Collectors.toMap(PaymentAttempt::paymentIntentId, Function.identity()));
    }

    /** The attempts that paid the given orders (orders not paid have none). */
    public List<PaymentAttempt> paidAttemptsOf(Collection<OrderId> orderIds) {
        return attempts.paidOf(orderIds);
    }

    /** Up to {@code limit} attempts created before {@code olderThan} that Stripe has still not answered. */
    public List<UUID> stuckCreating(Instant olderThan, int limit) {
        return attempts.creatingSince(olderThan, limit);
    }

    /** Succeeded payments no order owns, newest first. */
    public List<OrphanedPayment> orphanedPayments() {
        return orphans.unresolved();
    }
}
