package dev.checkstand.payment;

import dev.checkstand.order.Order;
import dev.checkstand.order.OrderManagement;
import dev.checkstand.order.Source;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies what Stripe says of a Checkout Session. The session's PaymentIntent is linked to the session's attempt
 * and the payment outcome goes through {@link PaymentOutcomes} — the one transition — so a session paid, an
 * asynchronous payment settling, and the PaymentIntent's own events all converge on one paid order. An expired
 * session is the confirmation that its payment can no longer succeed: the attempt is canceled, and the order too
 * (releasing its stock) when no other attempt can still pay it.
 */
@Service
public class SessionOutcomes {

    private final PaymentAttempts attempts;
    private final PaymentOutcomes outcomes;
    private final OrderManagement orders;
    private final Clock clock;

    SessionOutcomes(PaymentAttempts attempts, PaymentOutcomes outcomes, OrderManagement orders, Clock clock) {
        this.attempts = attempts;
        this.outcomes = outcomes;
        this.orders = orders;
        this.clock = clock;
    }

    /** Applies the session's current state; {@code asyncPaymentFailed} marks a delayed payment that failed. */
    @Transactional
    public PaymentOutcomes.Applied apply(CheckoutSessionSnapshot session, boolean asyncPaymentFailed, Source source) {
        Optional<PaymentAttempt> found = attempts.byCheckoutSessionId(session.id()).or(() -> linkFromMetadata(session));
        if (found.isEmpty()) {
            return PaymentOutcomes.Applied.unmatched(session.paymentIntentId());
        }
        Order order = orders.lock(found.get().orderId());
        PaymentAttempt attempt = attempts.byId(found.get().id()).orElseThrow();
        if (session.paymentIntentId() != null && attempt.paymentIntentId() == null) {
            attempts.linkPaymentIntent(attempt.id(), session.paymentIntentId(), null, "creating", clock.instant());
        }
        if ("complete".equals(session.status()) && "paid".equals(session.paymentStatus())) {
            return outcomes.apply(paymentOf(session, "succeeded"), source);
        }
        if (asyncPaymentFailed) {
            if (!attempt.status().isTerminal()) {
                attempts.recordFailure(attempt.id(), PaymentAttempt.Status.FAILED, "async_payment_failed",
                        session.paymentIntentId(), clock.instant());
                orders.recordPaymentFailed(order, source, Map.of("checkoutSessionId", session.id(),
                        "failureCode", "async_payment_failed"));
            }
            return PaymentOutcomes.Applied.of(order);
        }
        if ("complete".equals(session.status())) {
            return outcomes.apply(paymentOf(session, "processing"), source);
        }
        if ("expired".equals(session.status()) && !attempt.status().isTerminal()) {
            attempts.updateStatus(attempt.id(), PaymentAttempt.Status.CANCELED, clock.instant());
            boolean anotherCanPay = attempts.of(order.id()).stream()
                    .anyMatch(a -> !a.id().equals(attempt.id()) && !a.status().isTerminal());
            if (order.status() == Order.Status.PENDING_PAYMENT && !anotherCanPay) {
                orders.cancel(order, source, Map.of("reason", "checkout_session_expired", "checkoutSessionId", session.id()));
            }
        }
        return PaymentOutcomes.Applied.of(order);
    }

    private Optional<PaymentAttempt> linkFromMetadata(CheckoutSessionSnapshot session) {
        String attemptId = session.metadata().get(PaymentOutcomes.ATTEMPT_ID);
        if (attemptId == null) {
            return Optional.empty();
        }
        try {
            UUID id = UUID.fromString(attemptId);
            return attempts.byId(id)
                    .filter(a -> a.kind() == PaymentAttempt.Kind.CHECKOUT_SESSION)
                    .filter(a -> a.orderId().toString().equals(session.metadata().get(PaymentOutcomes.ORDER_ID)))
                    .filter(a -> attempts.linkCheckoutSession(a.id(), session.id(), session.url(), clock.instant()))
                    .flatMap(a -> attempts.byId(a.id()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static PaymentIntentSnapshot paymentOf(CheckoutSessionSnapshot session, String status) {
        if (session.paymentIntentId() == null || session.amountTotal() == null || session.currency() == null) {
            throw new IllegalStateException("Checkout Session " + session.id() + " is " + session.status()
                    + " but names no PaymentIntent or amount");
        }
        long received = "succeeded".equals(status) ? session.amountTotal() : 0;
        return new PaymentIntentSnapshot(session.paymentIntentId(), status, session.amountTotal(), received,
                session.currency(), session.metadata(), null, null, null, null);
    }
}
