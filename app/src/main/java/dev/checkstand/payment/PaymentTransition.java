package dev.checkstand.payment;

import dev.checkstand.common.Money;
import dev.checkstand.common.OrderId;
import dev.checkstand.order.OrderManagement;
import dev.checkstand.order.PaymentApplied;
import dev.checkstand.order.Source;
import dev.checkstand.payment.PaymentAttempt.Status;
import dev.checkstand.payment.gateway.PaymentIntentSnapshot;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
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

    PaymentTransition(PaymentAttempts attempts, PaymentLinker linker, OrderManagement orders,
            ApplicationEventPublisher events, Clock clock) {
        this.attempts = attempts;
        this.linker = linker;
        this.orders = orders;
        this.events = events;
        this.clock = clock;
    }

    /** Applies what Stripe says of a PaymentIntent; the order it paid, or empty when no order owns it. */
    @Transactional
    public Optional<OrderId> apply(PaymentIntentSnapshot pi, Source source) {
        if (!pi.complete()) {
            throw new IllegalArgumentException("incomplete PaymentIntent " + pi.id() + ": re-read it before applying");
        }
        Optional<PaymentAttempt> found = linker.lockAttemptFor(pi, source);
        found.ifPresent(attempt -> apply(attempt, pi, source));
        return found.map(PaymentAttempt::orderId);
    }

    private void apply(PaymentAttempt attempt, PaymentIntentSnapshot pi, Source source) {
        Status atStripe = Status.fromWire(pi.status());
        switch (atStripe) {
            case SUCCEEDED -> succeeded(attempt, pi, source);
            case REQUIRES_PAYMENT_METHOD -> failedIfErrored(attempt, pi, source);
            case PROCESSING -> processing(attempt, pi, source);
            default -> attempt.follow(atStripe).ifPresent(this::save);
        }
    }

    // Money arrived. An attempt that took money before has been applied: nothing to do (invariant 3). Otherwise the
    // order decides what the money is: its payment, a duplicate, or too late; the attempt records which.
    private void succeeded(PaymentAttempt attempt, PaymentIntentSnapshot pi, Source source) {
        if (attempt.status().tookMoney()) {
            return;
        }
        Money received = Money.of(pi.amountReceived(), pi.currency());
        PaymentApplied applied = orders.applyPayment(attempt.orderId(), received, source, paymentData(pi));
        Status outcome = applied.fold(paid -> Status.SUCCEEDED, duplicate -> Status.DUPLICATE,
                late -> Status.SUCCEEDED_AFTER_CANCEL);
        save(attempt.receive(outcome, received.amount()).orElseThrow(() -> new IllegalStateException(
                "PaymentIntent " + pi.id() + " took money but its attempt is " + attempt.status().wire())));
        applied.fold(paid -> null,
                duplicate -> publish(new DuplicatePaymentReceived(attempt.orderId(), attempt.id(), pi.id(), received)),
                late -> publish(new PaymentSucceededAfterCancel(attempt.orderId(), attempt.id(), pi.id(), received)));
    }

    // Back to requires_payment_method: a failed try when Stripe says why (recorded once per failed charge), else
    // simply waiting for a payment method.
    private void failedIfErrored(PaymentAttempt attempt, PaymentIntentSnapshot pi, Source source) {
        if (pi.failureCode() == null && pi.failureMessage() == null) {
            attempt.follow(Status.REQUIRES_PAYMENT_METHOD).ifPresent(this::save);
            return;
        }
        String failureRef = pi.latestCharge() != null ? pi.latestCharge() : pi.failureCode() + ":" + pi.failureMessage();
        attempt.fail(Status.REQUIRES_PAYMENT_METHOD, pi.failureCode(), failureRef).ifPresent(change -> {
            save(change);
            Map<String, Object> data = paymentData(pi);
            data.put("failureCode", Objects.requireNonNullElse(pi.failureCode(), "unknown"));
            orders.recordPaymentFailed(attempt.orderId(), source, data);
        });
    }

    private void processing(PaymentAttempt attempt, PaymentIntentSnapshot pi, Source source) {
        if (!attempt.live()) {
            return;
        }
        attempt.follow(Status.PROCESSING).ifPresent(this::save);
        orders.recordProcessing(attempt.orderId(), source, paymentData(pi));
    }

    // The attempt is locked by this transaction, so the row is in the status the change was decided from.
    private void save(PaymentAttempt.Change change) {
        if (!attempts.save(change, clock.instant())) {
            throw new IllegalStateException("payment attempt " + change.attemptId() + " left " + change.from()
                    + " while locked");
        }
    }

    private Void publish(Object event) {
        events.publishEvent(event);
        return null;
    }

    private static Map<String, Object> paymentData(PaymentIntentSnapshot pi) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("paymentIntentId", pi.id());
        data.put("amount", pi.amountReceived());
        data.put("currency", pi.currency());
        return data;
    }
}
