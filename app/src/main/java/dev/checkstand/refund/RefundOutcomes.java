package dev.checkstand.refund;

import dev.checkstand.common.LogContext;
import dev.checkstand.common.Money;
import dev.checkstand.common.OrderId;
import dev.checkstand.order.OrderManagement;
import dev.checkstand.order.Source;
import dev.checkstand.payment.PaymentAttempt;
import dev.checkstand.payment.PaymentQueries;
import dev.checkstand.payment.gateway.RefundSnapshot;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies what Stripe says of a refund — the answer to our own request, a refund event, or a refund made in Stripe's
 * dashboard — under the order's refund lock. Refunds are matched by Stripe id, else by the refund id in their metadata
 * (ours, whose answer is still on its way), else recorded with source {@code stripe}. Status only moves forward
 * (a refund can still fail after succeeding), so any order of events gives the same books.
 */
@Service
class RefundOutcomes {

    private static final Logger log = LoggerFactory.getLogger(RefundOutcomes.class);

    private final Refunds refunds;
    private final PaymentQueries payments;
    private final OrderManagement orders;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    RefundOutcomes(Refunds refunds, PaymentQueries payments, OrderManagement orders, ApplicationEventPublisher events,
            Clock clock) {
        this.refunds = refunds;
        this.payments = payments;
        this.orders = orders;
        this.events = events;
        this.clock = clock;
    }

    /** Records Stripe's refund: inserted when unknown, moved forward when known; the order's refunded total follows. */
    @Transactional
    public void apply(RefundSnapshot stripe, Source source) {
        if (!stripe.statusKnown()) {
            // Nothing to conclude from it: ours stays as it is (a refund still creating is asked again later).
            log.warn("Refund {} has status {}, which is not one of Stripe's; nothing recorded", stripe.id(),
                    stripe.status());
            return;
        }
        Optional<PaymentAttempt> attempt = Optional.ofNullable(stripe.paymentIntentId())
                .flatMap(payments::attemptOfPaymentIntent);
        if (attempt.isEmpty()) {
            log.warn("Refund {} is for PaymentIntent {}, which no order owns", stripe.id(), stripe.paymentIntentId());
            return;
        }
        OrderId orderId = attempt.get().orderId();
        try (LogContext.Scope scope = LogContext.order(orderId)) {
            refunds.lockOrder(orderId);
            Refund.Status status = Refund.Status.fromWire(stripe.status());
            Optional<Refund> known = refunds.byStripeId(stripe.id()).or(() -> ours(stripe));
            if (known.isEmpty()) {
                Refund recorded = new Refund(UUID.randomUUID(), orderId, attempt.get().id(), stripe.id(),
                        Money.of(stripe.amount(), stripe.currency()), status, stripe.reason(), "stripe", null,
                        stripe.failureReason(), clock.instant());
                refunds.insertFromStripe(recorded, clock.instant());
                orders.note(orderId, "refund_created", source, data(recorded, stripe));
                noteOutcome(orderId, recorded, stripe, source);
                if (status == Refund.Status.SUCCEEDED) {
                    events.publishEvent(new RefundSucceeded(orderId, recorded.id(), recorded.amount()));
                }
            } else {
                Refund refund = known.get();
                refund.moveTo(status, stripe.id(), stripe.failureReason())
                        .filter(change -> refunds.save(change, clock.instant()))
                        .ifPresent(change -> {
                            if (refund.stripeRefundId() == null) {
                                orders.note(orderId, "refund_created", source, data(refund, stripe));
                            }
                            noteOutcome(orderId, refund, stripe, source);
                            // The guarded save moved it, and status only moves forward: this is the first succeeded.
                            if (change.to() == Refund.Status.SUCCEEDED) {
                                events.publishEvent(new RefundSucceeded(orderId, refund.id(), refund.amount()));
                            }
                        });
            }
            if (attempt.get().status() == PaymentAttempt.Status.SUCCEEDED) {
                orders.recordRefundedTotal(orderId, refunds.returnedTotal(attempt.get().id()));
            }
        }
    }

    /** Stripe definitely refused one of our refund requests: the refund failed, its money is refundable again. */
    @Transactional
    public void refused(Refund refund, String code, Source source) {
        try (LogContext.Scope scope = LogContext.order(refund.orderId())) {
            refuse(refund, code, source);
        }
    }

    private void refuse(Refund refund, String code, Source source) {
        refunds.lockOrder(refund.orderId());
        refunds.byId(refund.id())
                .flatMap(current -> current.moveTo(Refund.Status.FAILED, null, code))
                .filter(change -> refunds.save(change, clock.instant()))
                .ifPresent(change -> {
                    Map<String, Object> data = new LinkedHashMap<>();
                    data.put("refundId", refund.id().toString());
                    data.put("amount", refund.amount().amount());
                    data.put("currency", refund.amount().currency());
                    data.put("failureReason", code);
                    orders.note(refund.orderId(), "refund_failed", source, data);
                    orders.flag(refund.orderId(), "refund_failed", source, data);
                });
    }

    private Optional<Refund> ours(RefundSnapshot refund) {
        return Optional.ofNullable(refund.metadata().get("refund_id"))
                .flatMap(RefundOutcomes::uuid)
                .flatMap(refunds::byId)
                .filter(r -> r.stripeRefundId() == null);
    }

    private void noteOutcome(OrderId orderId, Refund refund, RefundSnapshot stripe, Source source) {
        String type = switch (stripe.status()) {
            case "succeeded" -> "refund_succeeded";
            case "failed" -> "refund_failed";
            case "canceled" -> "refund_canceled";
            default -> null;
        };
        if (type != null) {
            orders.note(orderId, type, source, data(refund, stripe));
        }
        if ("failed".equals(stripe.status())) {
            orders.flag(orderId, "refund_failed", source, data(refund, stripe));
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

    private static Optional<UUID> uuid(String value) {
        try {
            return Optional.of(UUID.fromString(value));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
