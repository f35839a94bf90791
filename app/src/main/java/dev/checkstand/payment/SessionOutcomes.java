package dev.checkstand.payment;

import dev.checkstand.common.LogContext;
import dev.checkstand.common.OrderId;
import dev.checkstand.order.OrderManagement;
import dev.checkstand.order.Source;
import dev.checkstand.payment.gateway.CheckoutSessionSnapshot;
import dev.checkstand.payment.gateway.PaymentIntentSnapshot;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies what Stripe says of a Checkout Session. The session's PaymentIntent is linked to the session's attempt
 * and the payment outcome goes through {@link PaymentTransition} — the one transition — so a session paid, an
 * asynchronous payment settling, and the PaymentIntent's own events all converge on one paid order. An expired
 * session is the confirmation that its payment can no longer succeed: the attempt is canceled, and the order too
 * (releasing its stock) when no other attempt can still pay it.
 */
@Service
class SessionOutcomes {

    private final PaymentAttempts attempts;
    private final PaymentTransition transition;
    private final OrderManagement orders;
    private final Clock clock;

    SessionOutcomes(PaymentAttempts attempts, PaymentTransition transition, OrderManagement orders, Clock clock) {
        this.attempts = attempts;
        this.transition = transition;
        this.orders = orders;
        this.clock = clock;
    }

    /**
     * Applies the session's current state; {@code asyncPaymentFailed} marks a delayed payment that failed. The
     * order it concerns, or empty when no order owns the session.
     */
    @Transactional
    public Optional<OrderId> apply(CheckoutSessionSnapshot session, boolean asyncPaymentFailed, Source source) {
        return apply(session, asyncPaymentFailed, source, null);
    }

    /** As above, with Stripe's time of the event that announced the session's state (null when not from an event). */
    @Transactional
    public Optional<OrderId> apply(CheckoutSessionSnapshot session, boolean asyncPaymentFailed, Source source,
            Instant announcedAt) {
        if (!session.complete()) {
            throw new IncompletePaymentObject("Checkout Session", session.id(), "its id, status or payment_status, or"
                    + " (once complete) its payment_intent, amount_total or currency");
        }
        Optional<PaymentAttempt> found = attempts.byCheckoutSessionId(session.id()).or(() -> linkFromMetadata(session));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        try (LogContext.Scope scope = LogContext.order(found.get().orderId())) {
            return applyTo(found.get(), session, asyncPaymentFailed, source, announcedAt);
        }
    }

    private Optional<OrderId> applyTo(PaymentAttempt found, CheckoutSessionSnapshot session, boolean asyncPaymentFailed,
            Source source, Instant announcedAt) {
        OrderId orderId = found.orderId();
        List<PaymentAttempt> all = attempts.lockAllOf(orderId);
        PaymentAttempt attempt = all.stream().filter(a -> a.id().equals(found.id())).findFirst().orElseThrow();
        if (session.paymentIntentId() != null && attempt.paymentIntentId() == null) {
            attempts.linkPaymentIntent(attempt.id(), session.paymentIntentId(), null, "creating", clock.instant());
        }
        if (attempt.capture().manual() && "complete".equals(session.status())) {
            // Authorized, or captured (in full or in part): the session does not say which, nor how much was taken.
            // Its PaymentIntent does; the caller reads it (awaitsItsPaymentIntent) outside this transaction.
            return Optional.of(orderId);
        }
        if ("complete".equals(session.status()) && "paid".equals(session.paymentStatus())) {
            return transition.apply(paymentOf(session, "succeeded").succeededNoLaterThan(announcedAt), source);
        }
        if (asyncPaymentFailed) {
            attempt.fail(PaymentAttempt.Status.FAILED, "async_payment_failed", session.paymentIntentId())
                    .filter(change -> attempts.save(change, clock.instant()))
                    .ifPresent(change -> orders.recordPaymentFailed(orderId, source,
                            Map.of("checkoutSessionId", session.id(), "failureCode", "async_payment_failed")));
            return Optional.of(orderId);
        }
        if ("complete".equals(session.status())) {
            return transition.apply(paymentOf(session, "processing"), source);
        }
        if ("expired".equals(session.status())) {
            attempt.cancel()
                    .filter(change -> attempts.save(change, clock.instant()))
                    .filter(change -> all.stream().noneMatch(a -> !a.id().equals(attempt.id()) && a.live()))
                    .ifPresent(change -> orders.cancel(orderId, source,
                            Map.of("reason", "checkout_session_expired", "checkoutSessionId", session.id())));
        }
        return Optional.of(orderId);
    }

    /**
     * Whether what the session's payment did must be read from its PaymentIntent: a complete session of a
     * manual-capture attempt (authorized or captured, the session cannot say how much).
     */
    public boolean awaitsItsPaymentIntent(CheckoutSessionSnapshot session) {
        return "complete".equals(session.status()) && session.paymentIntentId() != null
                && attempts.byCheckoutSessionId(session.id()).map(a -> a.capture().manual()).orElse(false);
    }

    private Optional<PaymentAttempt> linkFromMetadata(CheckoutSessionSnapshot session) {
        return PaymentLinker.uuid(session.metadata().get(PaymentTransition.ATTEMPT_ID))
                .flatMap(attempts::byId)
                .filter(a -> a.kind() == PaymentAttempt.Kind.CHECKOUT_SESSION)
                .filter(a -> a.orderId().toString().equals(session.metadata().get(PaymentTransition.ORDER_ID)))
                .filter(a -> attempts.linkCheckoutSession(a.id(), session.id(), session.url(), clock.instant()))
                .flatMap(a -> attempts.byId(a.id()));
    }

    private static PaymentIntentSnapshot paymentOf(CheckoutSessionSnapshot session, String status) {
        if (session.paymentIntentId() == null || session.amountTotal() == null || session.currency() == null) {
            throw new IncompletePaymentObject("Checkout Session", session.id(),
                    "its payment_intent, amount_total or currency while " + session.status());
        }
        long received = "succeeded".equals(status) ? session.amountTotal() : 0;
        return new PaymentIntentSnapshot(session.paymentIntentId(), status, session.amountTotal(), received,
                session.currency(), session.metadata(), null, null, null, null, null, null, null);
    }
}
