package dev.checkstand.payment;

import dev.checkstand.inbox.InboxEvent;
import dev.checkstand.inbox.InboxHandler;
import dev.checkstand.inbox.UnprocessableEvent;
import dev.checkstand.order.Source;
import dev.checkstand.payment.gateway.CheckoutSessionSnapshot;
import dev.checkstand.payment.gateway.GatewayResult;
import dev.checkstand.payment.gateway.PaymentGateway;
import dev.checkstand.payment.gateway.PaymentIntentSnapshot;
import dev.checkstand.payment.gateway.StripePayloads;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stripe's PaymentIntent and Checkout Session events, from the inbox into the one transition. A payload in the API
 * version this service reads and complete is applied as it is; any other is re-read from Stripe first.
 */
@Component
class PaymentEventHandler implements InboxHandler {

    static final List<String> PAYMENT_INTENT = List.of("payment_intent.succeeded", "payment_intent.payment_failed",
            "payment_intent.processing", "payment_intent.canceled", "payment_intent.requires_action",
            "payment_intent.amount_capturable_updated");
    static final List<String> CHECKOUT_SESSION = List.of("checkout.session.completed",
            "checkout.session.async_payment_succeeded", "checkout.session.async_payment_failed",
            "checkout.session.expired");

    private static final Logger log = LoggerFactory.getLogger(PaymentEventHandler.class);

    private final PaymentTransition transition;
    private final SessionOutcomes sessions;
    private final PaymentGateway gateway;
    private final JsonMapper json;

    PaymentEventHandler(PaymentTransition transition, SessionOutcomes sessions, PaymentGateway gateway, JsonMapper json) {
        this.transition = transition;
        this.sessions = sessions;
        this.gateway = gateway;
        this.json = json;
    }

    @Override
    public String source() {
        return "stripe";
    }

    @Override
    public List<String> types() {
        return java.util.stream.Stream.concat(PAYMENT_INTENT.stream(), CHECKOUT_SESSION.stream()).toList();
    }

    // The PaymentIntents of a batch's events are locked ahead, with their orders: whichever of them the payload turns
    // out to be enough for is then applied without locking either on its own.
    @Override
    public void prepareLocally(List<InboxEvent> events) {
        transition.lockAhead(events.stream().filter(event -> PAYMENT_INTENT.contains(event.type()))
                .map(InboxEvent::objectId).filter(java.util.Objects::nonNull).distinct().toList());
    }

    @Override
    public boolean handleLocally(InboxEvent event) {
        Optional<PaymentIntentSnapshot> pi = PAYMENT_INTENT.contains(event.type())
                ? fromPayload(event).filter(current -> !awaitsCapture(current)) : Optional.empty();
        pi.ifPresent(current -> apply(event, current));
        return pi.isPresent();
    }

    /**
     * Applies the event, re-reading its object from Stripe when the payload is not enough; throws
     * {@link UnprocessableEvent} when it names no object of its type, Stripe definitely refuses to give it, or the
     * object Stripe gives still lacks what is needed (a retry would read the same).
     */
    @Override
    public void handle(InboxEvent event) {
        boolean session = CHECKOUT_SESSION.contains(event.type());
        StripePayloads.unusableObject(json, event.payload(), session ? "checkout.session" : "payment_intent")
                .ifPresent(reason -> {
                    throw new UnprocessableEvent(reason);
                });
        try {
            if (session) {
                CheckoutSessionSnapshot current = StripePayloads.currentObject(json, event.payload(), event.apiVersion())
                        .map(StripePayloads::checkoutSession)
                        .filter(CheckoutSessionSnapshot::complete)
                        .orElseGet(() -> reRead(event, "Checkout Session", gateway.retrieveCheckoutSession(event.objectId())));
                sessions.apply(current, "checkout.session.async_payment_failed".equals(event.type()), sourceOf(event),
                        event.created());
                if (sessions.awaitsItsPaymentIntent(current)) {
                    apply(event, reRead(event, "PaymentIntent", gateway.retrievePaymentIntent(current.paymentIntentId())));
                }
                return;
            }
            apply(event, fromPayload(event).filter(pi -> !awaitsCapture(pi)).orElseGet(
                    () -> reRead(event, "PaymentIntent", gateway.retrievePaymentIntent(event.objectId()))));
        } catch (IncompletePaymentObject e) {
            throw new UnprocessableEvent(e.getMessage(), e);
        }
    }

    // A definite refusal (404 resource_missing: Stripe does not know the object) will not change on a retry; anything
    // else may.
    private static <T> T reRead(InboxEvent event, String kind, GatewayResult<T> answer) {
        return answer.orElseThrow(
                refused -> new UnprocessableEvent("re-reading " + kind + " " + event.objectId() + ": "
                        + refused.describe()),
                unanswered -> new IllegalStateException("could not re-read " + kind + " " + event.objectId() + ": "
                        + unanswered.describe()));
    }

    // An authorization places an order (its fulfillment begins, its customer is emailed): it is read from Stripe first,
    // so a hold that lapsed or was released meanwhile places nothing, and when it lapses comes with it.
    private static boolean awaitsCapture(PaymentIntentSnapshot pi) {
        return "requires_capture".equals(pi.status());
    }

    // The PaymentIntent as the event carries it, when it is in the API version this service reads and complete.
    private Optional<PaymentIntentSnapshot> fromPayload(InboxEvent event) {
        return StripePayloads.currentObject(json, event.payload(), event.apiVersion())
                .filter(object -> StripePayloads.isA(object, "payment_intent"))
                .map(StripePayloads::paymentIntent)
                .filter(PaymentIntentSnapshot::complete);
    }

    // Stripe's time of the event is no later than its payment: when a re-read does not say, it measures from there.
    private void apply(InboxEvent event, PaymentIntentSnapshot pi) {
        if (transition.apply(pi.succeededNoLaterThan(event.created()), sourceOf(event)).isEmpty()) {
            log.warn("Event {} is about PaymentIntent {}, which no order owns", event.eventId(), pi.id());
        }
    }

    // An event the reconciler fetched from Stripe's Events API (its webhook was lost) is the reconciler's finding.
    private static Source sourceOf(InboxEvent event) {
        return event.fetched() ? Source.RECONCILER : Source.WEBHOOK;
    }
}
