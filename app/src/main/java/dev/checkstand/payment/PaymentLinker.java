package dev.checkstand.payment;

import dev.checkstand.common.Money;
import dev.checkstand.common.OrderId;
import dev.checkstand.order.OrderManagement;
import dev.checkstand.order.Source;
import dev.checkstand.payment.gateway.PaymentIntentSnapshot;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Finds, and locks, the attempt a PaymentIntent belongs to. One that no attempt knows yet is linked to its order
 * through the ids in its metadata (invariant 2): to the attempt named there (the answer to our create was lost, or
 * Stripe created it for a Checkout Session), or, when only the order is named, to a new attempt of that order.
 */
@Component
class PaymentLinker {

    private static final Logger log = LoggerFactory.getLogger(PaymentLinker.class);

    private final PaymentAttempts attempts;
    private final OrphanedPayments orphans;
    private final OrderManagement orders;
    private final Clock clock;

    PaymentLinker(PaymentAttempts attempts, OrphanedPayments orphans, OrderManagement orders, Clock clock) {
        this.attempts = attempts;
        this.orphans = orphans;
        this.orders = orders;
        this.clock = clock;
    }

    /**
     * The attempt of the PaymentIntent, locked for the rest of the caller's transaction: by its id (one indexed
     * lookup), else linked through its metadata. A PaymentIntent that took money and matches no order is recorded as
     * orphaned.
     */
    Optional<PaymentAttempt> lockAttemptFor(PaymentIntentSnapshot pi, Source source) {
        Optional<PaymentAttempt> found = attempts.lockByPaymentIntentId(pi.id()).or(() -> link(pi));
        if (found.isEmpty() && (pi.amountReceived() > 0 || "succeeded".equals(pi.status()))) {
            log.warn("PaymentIntent {} took {} {} but matches no order: recorded as orphaned", pi.id(),
                    pi.amountReceived(), pi.currency());
            orphans.record(pi, source.wire(), clock.instant());
        }
        return found;
    }

    private Optional<PaymentAttempt> link(PaymentIntentSnapshot pi) {
        Optional<OrderId> orderId = uuid(pi.metadata(PaymentTransition.ORDER_ID)).map(OrderId::of)
                .filter(id -> orders.find(id).isPresent());
        if (orderId.isEmpty()) {
            return Optional.empty();
        }
        // With every attempt of the order locked, no other linker or new attempt can race this one.
        List<PaymentAttempt> all = attempts.lockAllOf(orderId.get());
        Optional<PaymentAttempt> already = attempts.lockByPaymentIntentId(pi.id());
        if (already.isPresent()) {
            return already;
        }
        Optional<PaymentAttempt> named = uuid(pi.metadata(PaymentTransition.ATTEMPT_ID))
                .flatMap(id -> all.stream().filter(a -> a.id().equals(id)).findFirst())
                .filter(a -> attempts.linkPaymentIntent(a.id(), pi.id(), pi.clientSecret(), "creating", clock.instant()));
        if (named.isPresent()) {
            return attempts.lock(named.get().id());
        }
        int attemptNo = all.stream().mapToInt(PaymentAttempt::attemptNo).max().orElse(0) + 1;
        PaymentAttempt adopted = new PaymentAttempt(UUID.randomUUID(), orderId.get(), attemptNo,
                PaymentAttempt.Kind.PAYMENT_INTENT, PaymentAttempt.Status.CREATING, "stripe:" + pi.id() + ":adopted",
                null, null, null, Money.of(Objects.requireNonNull(pi.amount()), pi.currency()), 0, null, null,
                clock.instant(), null, "requires_capture".equals(pi.status()) ? PaymentAttempt.Capture.MANUAL
                        : PaymentAttempt.Capture.AUTOMATIC);
        attempts.insert(adopted);
        attempts.linkPaymentIntent(adopted.id(), pi.id(), null, "creating", clock.instant());
        return attempts.lock(adopted.id());
    }

    static Optional<UUID> uuid(String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(value));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
