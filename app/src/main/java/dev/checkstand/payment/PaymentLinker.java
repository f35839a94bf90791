package dev.checkstand.payment;

import dev.checkstand.common.Money;
import dev.checkstand.common.OrderId;
import dev.checkstand.order.Order;
import dev.checkstand.order.OrderManagement;
import dev.checkstand.order.Source;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Links a PaymentIntent that no attempt knows yet to its order through the ids in its metadata (invariant 2): to
 * the attempt named there (the answer to our create was lost, or Stripe created it for a Checkout Session), or,
 * when only the order is named, to a new attempt of that order.
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
     * The attempt a PaymentIntent belongs to: by its id (one indexed lookup), else linked through its metadata.
     * A PaymentIntent that took money and matches no order is recorded as orphaned. Runs inside the applying
     * transaction.
     */
    Optional<PaymentAttempt> attemptFor(PaymentIntentSnapshot pi, Source source) {
        Optional<PaymentAttempt> found = attempts.byPaymentIntentId(pi.id()).or(() -> link(pi));
        if (found.isEmpty() && (pi.amountReceived() > 0 || "succeeded".equals(pi.status()))) {
            log.warn("PaymentIntent {} took {} {} but matches no order: recorded as orphaned", pi.id(),
                    pi.amountReceived(), pi.currency());
            orphans.record(pi, source.wire(), clock.instant());
        }
        return found;
    }

    private Optional<PaymentAttempt> link(PaymentIntentSnapshot pi) {
        Optional<OrderId> orderId = uuid(pi.metadata(PaymentOutcomes.ORDER_ID)).map(OrderId::of)
                .filter(id -> orders.find(id).isPresent());
        if (orderId.isEmpty()) {
            return Optional.empty();
        }
        Order order = orders.lock(orderId.get());
        Optional<PaymentAttempt> already = attempts.byPaymentIntentId(pi.id());
        if (already.isPresent()) {
            return already;
        }
        Optional<PaymentAttempt> named = uuid(pi.metadata(PaymentOutcomes.ATTEMPT_ID)).flatMap(attempts::byId)
                .filter(a -> a.orderId().equals(order.id()))
                .filter(a -> attempts.linkPaymentIntent(a.id(), pi.id(), pi.clientSecret(), "creating", clock.instant()));
        if (named.isPresent()) {
            return attempts.byId(named.get().id());
        }
        int attemptNo = attempts.latestOf(order.id()).map(a -> a.attemptNo() + 1).orElse(1);
        PaymentAttempt adopted = new PaymentAttempt(UUID.randomUUID(), order.id(), attemptNo,
                PaymentAttempt.Kind.PAYMENT_INTENT, PaymentAttempt.Status.CREATING, "stripe:" + pi.id() + ":adopted",
                null, null, null, Money.of(Objects.requireNonNull(pi.amount()), pi.currency()), 0, null, null,
                clock.instant(), null);
        attempts.insert(adopted);
        attempts.linkPaymentIntent(adopted.id(), pi.id(), null, "creating", clock.instant());
        return attempts.byId(adopted.id());
    }

    private static Optional<UUID> uuid(String value) {
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
