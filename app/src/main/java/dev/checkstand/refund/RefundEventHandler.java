package dev.checkstand.refund;

import dev.checkstand.inbox.InboxEvent;
import dev.checkstand.inbox.InboxHandler;
import dev.checkstand.inbox.UnprocessableEvent;
import dev.checkstand.order.Source;
import dev.checkstand.payment.gateway.PaymentGateway;
import dev.checkstand.payment.gateway.RefundSnapshot;
import dev.checkstand.payment.gateway.StripePayloads;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stripe's refund events, from the inbox into the refund outcomes. A refund event carries the refund; in another API
 * version, or for {@code charge.refunded} (which carries the charge), the PaymentIntent's refunds are listed instead.
 */
@Component
class RefundEventHandler implements InboxHandler {

    private static final List<String> REFUND = List.of("refund.created", "refund.updated", "refund.failed",
            "charge.refund.updated");

    private final RefundOutcomes outcomes;
    private final PaymentGateway gateway;
    private final JsonMapper json;

    RefundEventHandler(RefundOutcomes outcomes, PaymentGateway gateway, JsonMapper json) {
        this.outcomes = outcomes;
        this.gateway = gateway;
        this.json = json;
    }

    @Override
    public String source() {
        return "stripe";
    }

    @Override
    public List<String> types() {
        return java.util.stream.Stream.concat(REFUND.stream(), java.util.stream.Stream.of("charge.refunded")).toList();
    }

    /**
     * Applies the event's refund, or every refund of its PaymentIntent; throws {@link UnprocessableEvent} when the
     * event carries no refund or charge, names no PaymentIntent, or Stripe definitely refuses to list its refunds.
     */
    @Override
    public void handle(InboxEvent event) {
        StripePayloads.unusableObject(json, event.payload(), "charge.refunded".equals(event.type()) ? "charge" : "refund")
                .ifPresent(reason -> {
                    throw new UnprocessableEvent(reason);
                });
        Optional<RefundSnapshot> refund = REFUND.contains(event.type())
                ? StripePayloads.currentObject(json, event.payload(), event.apiVersion()).flatMap(StripePayloads::refund)
                : Optional.empty();
        if (refund.isPresent()) {
            if (!refund.get().statusKnown()) {
                throw new UnprocessableEvent("refund " + refund.get().id() + " has status " + refund.get().status()
                        + ", which is not one of Stripe's");
            }
            outcomes.apply(refund.get(), Source.WEBHOOK);
            return;
        }
        String paymentIntentId = StripePayloads.paymentIntentOf(json, event.payload())
                .orElseThrow(() -> new UnprocessableEvent("data.object names no PaymentIntent"));
        gateway.listRefunds(paymentIntentId)
                .orElseThrow(
                        refused -> new UnprocessableEvent("listing the refunds of " + paymentIntentId + ": "
                                + refused.describe()),
                        unanswered -> new IllegalStateException("could not list the refunds of " + paymentIntentId
                                + ": " + unanswered.describe()))
                .forEach(r -> outcomes.apply(r, Source.WEBHOOK));
    }
}
