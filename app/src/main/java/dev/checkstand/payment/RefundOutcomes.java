package dev.checkstand.payment;

import dev.checkstand.common.Money;
import dev.checkstand.order.Order;
import dev.checkstand.order.OrderManagement;
import dev.checkstand.order.Source;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies what Stripe says of a refund — the answer to our own request, a refund event, or a refund made in Stripe's
 * dashboard — under the order's row lock. Refunds are matched by Stripe id, else by the refund id in their metadata
 * (ours, whose answer is still on its way), else recorded with source {@code stripe}. Status only moves forward
 * (a refund can still fail after succeeding), so any order of events gives the same books.
 */
@Service
public class RefundOutcomes {

    private static final Logger log = LoggerFactory.getLogger(RefundOutcomes.class);

    private final Refunds refunds;
    private final PaymentAttempts attempts;
    private final OrderManagement orders;
    private final Clock clock;

    RefundOutcomes(Refunds refunds, PaymentAttempts attempts, OrderManagement orders, Clock clock) {
        this.refunds = refunds;
        this.attempts = attempts;
        this.orders = orders;
        this.clock = clock;
    }

    @Transactional
    public void apply(RefundSnapshot refund, Source source) {
        Optional<PaymentAttempt> attempt = Optional.ofNullable(refund.paymentIntentId()).flatMap(attempts::byPaymentIntentId);
        if (attempt.isEmpty()) {
            log.warn("Refund {} is for PaymentIntent {}, which no order owns", refund.id(), refund.paymentIntentId());
            return;
        }
        Order order = orders.lock(attempt.get().orderId());
        Optional<Refund> known = refunds.byStripeId(refund.id()).or(() -> ours(refund));
        if (known.isEmpty()) {
            Refund recorded = new Refund(UUID.randomUUID(), order.id(), attempt.get().id(), refund.id(),
                    Money.of(refund.amount(), refund.currency()), refund.status(), refund.reason(), "stripe", null,
                    refund.failureReason(), clock.instant());
            refunds.insertFromStripe(recorded, clock.instant());
            orders.note(order.id(), "refund_created", source, data(recorded, refund));
            noteOutcome(order, recorded, refund, source);
        } else if (refunds.advance(known.get().id(), refund.id(), refund.status(), refund.failureReason(), clock.instant())) {
            if (known.get().stripeRefundId() == null) {
                orders.note(order.id(), "refund_created", source, data(known.get(), refund));
            }
            noteOutcome(order, known.get(), refund, source);
        }
        refreshTotal(order, attempt.get());
    }

    /** Stripe definitely refused one of our refund requests: the refund failed, its money is refundable again. */
    @Transactional
    public void refused(Refund refund, String code, Source source) {
        Order order = orders.lock(refund.orderId());
        if (refunds.advance(refund.id(), null, "failed", code, clock.instant())) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("refundId", refund.id().toString());
            data.put("amount", refund.amount().amount());
            data.put("currency", refund.amount().currency());
            data.put("failureReason", code);
            orders.note(order.id(), "refund_failed", source, data);
            orders.flag(order, "refund_failed", source, data);
        }
    }

    /** Recomputes the order's refunded amount from its paying attempt's refunds; call under the order's lock. */
    void refreshTotal(Order order, PaymentAttempt attempt) {
        if (attempt.status() == PaymentAttempt.Status.SUCCEEDED) {
            orders.recordRefundedTotal(order, refunds.returnedTotal(attempt.id()));
        }
    }

    private Optional<Refund> ours(RefundSnapshot refund) {
        String id = refund.metadata().get("refund_id");
        if (id == null) {
            return Optional.empty();
        }
        try {
            return refunds.byId(UUID.fromString(id)).filter(r -> r.stripeRefundId() == null);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private void noteOutcome(Order order, Refund refund, RefundSnapshot stripe, Source source) {
        String type = switch (stripe.status()) {
            case "succeeded" -> "refund_succeeded";
            case "failed" -> "refund_failed";
            case "canceled" -> "refund_canceled";
            default -> null;
        };
        if (type != null) {
            orders.note(order.id(), type, source, data(refund, stripe));
        }
        if ("failed".equals(stripe.status())) {
            orders.flag(order, "refund_failed", source, data(refund, stripe));
        }
    }

    private static Map<String, Object> data(Refund refund, RefundSnapshot stripe) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("refundId", refund.id().toString());
        data.put("stripeRefundId", stripe.id());
        data.put("amount", stripe.amount());
        data.put("currency", stripe.currency());
        data.put("status", stripe.status());
        data.put("source", refund.source());
        if (stripe.failureReason() != null) {
            data.put("failureReason", stripe.failureReason());
        }
        return data;
    }
}
