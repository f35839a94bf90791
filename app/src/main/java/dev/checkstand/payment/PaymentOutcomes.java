package dev.checkstand.payment;

import dev.checkstand.common.Money;
import dev.checkstand.common.OrderId;
import dev.checkstand.order.Order;
import dev.checkstand.order.OrderManagement;
import dev.checkstand.order.Source;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The one function that applies a PaymentIntent's state to its order (invariant 3). Confirm, webhook, reconciler
 * and admin sync all call it. It locks the order row, compares, and moves state only forward: applying the same
 * outcome twice changes nothing and records nothing new.
 */
@Service
public class PaymentOutcomes {

    static final String ORDER_ID = "order_id";
    static final String ATTEMPT_ID = "attempt_id";

    private final PaymentAttempts attempts;
    private final PaymentLinker linker;
    private final DuplicatePayments duplicates;
    private final OrderManagement orders;
    private final Clock clock;

    PaymentOutcomes(PaymentAttempts attempts, PaymentLinker linker, DuplicatePayments duplicates,
            OrderManagement orders, Clock clock) {
        this.attempts = attempts;
        this.linker = linker;
        this.duplicates = duplicates;
        this.orders = orders;
        this.clock = clock;
    }

    /** Applies what Stripe says of a PaymentIntent; {@link Applied#unmatched()} when no order owns it. */
    @Transactional
    public Applied apply(PaymentIntentSnapshot pi, Source source) {
        if (!pi.complete()) {
            throw new IllegalArgumentException("incomplete PaymentIntent " + pi.id() + ": re-read it before applying");
        }
        Optional<PaymentAttempt> found = linker.attemptFor(pi, source);
        if (found.isEmpty()) {
            return Applied.unmatched(pi.id());
        }
        Order order = orders.lock(found.get().orderId());
        PaymentAttempt attempt = attempts.byId(found.get().id()).orElseThrow();
        switch (pi.status()) {
            case "succeeded" -> succeeded(order, attempt, pi, source);
            case "requires_payment_method" -> failedIfErrored(order, attempt, pi, source);
            case "processing" -> processing(order, attempt, source, pi);
            default -> advance(attempt, PaymentAttempt.Status.fromStripe(pi.status()));
        }
        return Applied.of(order);
    }

    private void succeeded(Order order, PaymentAttempt attempt, PaymentIntentSnapshot pi, Source source) {
        if (attempt.status() == PaymentAttempt.Status.SUCCEEDED || attempt.status() == PaymentAttempt.Status.DUPLICATE) {
            return;
        }
        Money received = Money.of(pi.amountReceived(), pi.currency());
        Map<String, Object> data = paymentData(pi);
        Instant now = clock.instant();
        if (order.status() == Order.Status.PAID) {
            duplicates.refund(order, attempt, received, source, data);
            return;
        }
        attempts.recordReceived(attempt.id(), PaymentAttempt.Status.SUCCEEDED, received.amount(), now);
        orders.recordPayment(order, received, source, data);
    }

    private void failedIfErrored(Order order, PaymentAttempt attempt, PaymentIntentSnapshot pi, Source source) {
        if (attempt.status().isTerminal()) {
            return;
        }
        if (pi.failureCode() == null && pi.failureMessage() == null) {
            advance(attempt, PaymentAttempt.Status.REQUIRES_PAYMENT_METHOD);
            return;
        }
        String failureRef = pi.latestCharge() != null ? pi.latestCharge() : pi.failureCode() + ":" + pi.failureMessage();
        if (failureRef.equals(attempt.lastFailureCharge())) {
            return;
        }
        attempts.recordFailure(attempt.id(), PaymentAttempt.Status.REQUIRES_PAYMENT_METHOD, pi.failureCode(), failureRef,
                clock.instant());
        if (order.status() == Order.Status.PENDING_PAYMENT) {
            Map<String, Object> data = paymentData(pi);
            data.put("failureCode", Objects.requireNonNullElse(pi.failureCode(), "unknown"));
            orders.recordPaymentFailed(order, source, data);
        }
    }

    private void processing(Order order, PaymentAttempt attempt, Source source, PaymentIntentSnapshot pi) {
        if (attempt.status().isTerminal()) {
            return;
        }
        advance(attempt, PaymentAttempt.Status.PROCESSING);
        orders.recordProcessing(order, source, paymentData(pi));
    }

    private void advance(PaymentAttempt attempt, PaymentAttempt.Status status) {
        if (!attempt.status().isTerminal() && attempt.status() != status) {
            attempts.updateStatus(attempt.id(), status, clock.instant());
        }
    }

    private static Map<String, Object> paymentData(PaymentIntentSnapshot pi) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("paymentIntentId", pi.id());
        data.put("amount", pi.amountReceived());
        data.put("currency", pi.currency());
        return data;
    }

    /** Where the order stands after applying an outcome. */
    public record Applied(OrderId orderId, String orderStatus, String paymentStatus, String unmatchedPaymentIntent) {

        static Applied of(Order order) {
            return new Applied(order.id(), order.status().wire(), order.paymentStatus().wire(), null);
        }

        static Applied unmatched(String paymentIntentId) {
            return new Applied(null, null, null, paymentIntentId);
        }

        public boolean matched() {
            return orderId != null;
        }
    }
}
