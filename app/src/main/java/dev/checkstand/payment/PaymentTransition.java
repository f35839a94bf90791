package dev.checkstand.payment;

import dev.checkstand.common.LogContext;
import dev.checkstand.common.Money;
import dev.checkstand.common.OrderId;
import dev.checkstand.order.OrderManagement;
import dev.checkstand.order.PaymentApplied;
import dev.checkstand.order.Source;
import dev.checkstand.payment.gateway.PaymentIntentSnapshot;
import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The one function that applies a PaymentIntent's state (invariant 3). Confirm, webhook, reconciler, admin sync,
 * cancel and expiry all end here. In one transaction it locks the PaymentIntent's attempt (so one outcome of a
 * payment is applied at a time), decides from the attempt's guarded status whether this payment was applied before,
 * and hands the order one command; the order locks its own row and says what the money did. State only moves
 * forward: applying the same outcome twice changes nothing and records nothing new.
 */
@Service
class PaymentTransition {

    static final String ORDER_ID = "order_id";
    static final String ATTEMPT_ID = "attempt_id";

    private final PaymentAttempts attempts;
    private final PaymentLinker linker;
    private final OrderManagement orders;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final PaymentMetrics metrics;
    private final CaptureSettings capture;

    PaymentTransition(PaymentAttempts attempts, PaymentLinker linker, OrderManagement orders,
            ApplicationEventPublisher events, Clock clock, PaymentMetrics metrics, CaptureSettings capture) {
        this.capture = capture;
        this.attempts = attempts;
        this.linker = linker;
        this.orders = orders;
        this.events = events;
        this.clock = clock;
        this.metrics = metrics;
    }

    /**
     * Applies what Stripe says of a PaymentIntent; the order it paid, or empty when no order owns it. A PaymentIntent
     * that lacks what applying it needs is refused with {@link IncompletePaymentObject} and changes nothing.
     */
    @Transactional
    public Optional<OrderId> apply(PaymentIntentSnapshot pi, Source source) {
        if (!pi.complete()) {
            throw new IncompletePaymentObject("PaymentIntent", pi.id(), pi.missing());
        }
        Optional<PaymentAttempt> found = linker.lockAttemptFor(pi, source);
        found.ifPresent(attempt -> apply(attempt, pi, source));
        return found.map(PaymentAttempt::orderId);
    }

    /**
     * Locks ahead, by one statement each, the attempts of the given PaymentIntents and then their orders, for a
     * transaction about to {@link #apply} each of them: it then locks none of them one by one. The lock order is
     * every attempt (by id) before every order (by id), so two such transactions cannot deadlock on each other.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void lockAhead(Collection<String> paymentIntentIds) {
        if (paymentIntentIds.size() > 1) {
            orders.lockAhead(attempts.lockAhead(paymentIntentIds));
        }
    }

    private void apply(PaymentAttempt attempt, PaymentIntentSnapshot pi, Source source) {
        try (LogContext.Scope scope = LogContext.order(attempt.orderId())) {
            applyStep(attempt, pi, source);
        }
    }

    private void applyStep(PaymentAttempt attempt, PaymentIntentSnapshot pi, Source source) {
        PaymentAttempt.Step step = attempt.onStripe(pi);
        step.change().ifPresent(this::save);
        switch (step.effect()) {
            case NONE -> {
            }
            case PROCESSING -> orders.recordProcessing(attempt.orderId(), source, paymentData(pi));
            case PAYMENT_FAILED -> {
                Map<String, Object> data = paymentData(pi);
                data.put("failureCode", Objects.requireNonNullElse(pi.failureCode(), "unknown"));
                orders.recordPaymentFailed(attempt.orderId(), source, data);
            }
            case RECEIVE -> receive(attempt, pi, source);
            case AUTHORIZE -> authorize(attempt, pi, source);
            case CAPTURE -> captured(attempt, pi, source);
            case RELEASE -> {
                orders.recordAuthorizationReleased(attempt.orderId(),
                        Objects.requireNonNullElse(attempt.capture().releaseReason(), "authorization_lapsed"), source,
                        paymentData(pi));
                metrics.authorizationSettled("released");
            }
        }
    }

    // An authorization arrived that this attempt had not offered before: the order takes it (placed, its stock
    // committed) or refuses it as a duplicate or too late — then it is announced for release.
    private void authorize(PaymentAttempt attempt, PaymentIntentSnapshot pi, Source source) {
        Money authorized = Money.of(pi.amountCapturable(), pi.currency());
        Map<String, Object> data = paymentData(pi);
        data.put("amount", authorized.amount());
        PaymentApplied applied = orders.authorize(attempt.orderId(), authorized, source, data);
        attempt.authorized(applied, authorized.amount()).ifPresent(this::save);
        if (applied instanceof PaymentApplied.Paid) {
            // When it lapses is on the charge (capture_before), which an event's PaymentIntent does not carry: then
            // the review job reads it from Stripe at once.
            attempts.holdAuthorization(attempt.id(), authorized.amount(), pi.captureBefore(),
                    pi.captureBefore() == null ? clock.instant() : pi.captureBefore().minus(capture.expiryMargin()));
            metrics.orderPaid(source, pi.succeededAt());
        } else {
            events.publishEvent(new AuthorizationToRelease(attempt.orderId(), attempt.id(), pi.id()));
        }
    }

    // The order's authorization was captured: the order records what was taken and what released.
    private void captured(PaymentAttempt attempt, PaymentIntentSnapshot pi, Source source) {
        Money received = Money.of(pi.amountReceived(), pi.currency());
        orders.recordCapture(attempt.orderId(), received, source, paymentData(pi));
        save(attempt.captured(received.amount()));
        metrics.authorizationSettled(received.amount() < attempt.capture().amountAuthorized() ? "partially_captured"
                : "captured");
    }

    // Money arrived that this attempt had not taken before: the order decides what it is — its payment, a duplicate,
    // or too late — and the attempt records which. Money to return is announced for the refund module.
    private void receive(PaymentAttempt attempt, PaymentIntentSnapshot pi, Source source) {
        Money received = Money.of(pi.amountReceived(), pi.currency());
        PaymentApplied applied = orders.applyPayment(attempt.orderId(), received, source, paymentData(pi));
        save(attempt.received(applied, received.amount()));
        if (applied instanceof PaymentApplied.Paid) {
            metrics.orderPaid(source, pi.succeededAt());
        }
        returnOf(attempt, applied, pi).ifPresent(events::publishEvent);
    }

    /** The event announcing money to return, for a payment the order took as a duplicate or too late. */
    static Optional<Object> returnOf(PaymentAttempt attempt, PaymentApplied applied, PaymentIntentSnapshot pi) {
        Money received = Money.of(pi.amountReceived(), pi.currency());
        return applied.fold(paid -> Optional.empty(),
                duplicate -> Optional.of(new DuplicatePaymentReceived(attempt.orderId(), attempt.id(), pi.id(), received)),
                late -> Optional.of(new PaymentSucceededAfterCancel(attempt.orderId(), attempt.id(), pi.id(), received)));
    }

    // The attempt is locked by this transaction, so the row is in the status the change was decided from: the change
    // is made with the transaction's others just before it commits, which fails if the row is not.
    private void save(PaymentAttempt.Change change) {
        attempts.saveLocked(change, clock.instant());
    }

    private static Map<String, Object> paymentData(PaymentIntentSnapshot pi) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("paymentIntentId", pi.id());
        data.put("amount", pi.amountReceived());
        data.put("currency", pi.currency());
        return data;
    }
}
