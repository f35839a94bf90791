package dev.checkstand.payment.webhook;

import com.stripe.Stripe;
import dev.checkstand.order.Source;
import dev.checkstand.payment.CheckoutSessionSnapshot;
import dev.checkstand.payment.GatewayResult;
import dev.checkstand.payment.PaymentGateway;
import dev.checkstand.payment.PaymentIntentSnapshot;
import dev.checkstand.payment.PaymentOutcomes;
import dev.checkstand.payment.RefundOutcomes;
import dev.checkstand.payment.RefundSnapshot;
import dev.checkstand.payment.SessionOutcomes;
import dev.checkstand.payment.StripeEventTypes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Processes stored events: at once after they are stored, and by a poller that claims due events with
 * {@code FOR UPDATE SKIP LOCKED} so several instances share the work. Failures are retried with exponential
 * backoff; an event ends processed, ignored (a type not handled) or failed after a bounded number of attempts.
 */
@Component
class WebhookProcessor {

    static final int MAX_ATTEMPTS = 10;

    private static final Logger log = LoggerFactory.getLogger(WebhookProcessor.class);
    private static final Duration LEASE = Duration.ofMinutes(2);
    private static final Set<String> CHECKOUT_SESSION_EVENTS = Set.copyOf(StripeEventTypes.CHECKOUT_SESSION);
    private static final Set<String> REFUND_EVENTS = Set.copyOf(StripeEventTypes.REFUND);
    private static final Set<String> PAYMENT_INTENT_EVENTS = Set.copyOf(StripeEventTypes.PAYMENT_INTENT);

    private final WebhookEvents events;
    private final PaymentOutcomes outcomes;
    private final SessionOutcomes sessions;
    private final RefundOutcomes refunds;
    private final PaymentGateway gateway;
    private final Collaborators with;

    WebhookProcessor(WebhookEvents events, Handlers handlers, PaymentGateway gateway, Collaborators with) {
        this.events = events;
        this.outcomes = handlers.payments();
        this.sessions = handlers.sessions();
        this.refunds = handlers.refunds();
        this.gateway = gateway;
        this.with = with;
    }

    /** Where events end up: the one payment transition, Checkout Session outcomes and refund outcomes. */
    record Handlers(PaymentOutcomes payments, SessionOutcomes sessions, RefundOutcomes refunds) {
    }

    /**
     * Hands a just-stored event to a background thread; the poller picks it up if this never runs (the process stops,
     * or every worker is busy and the queue is full).
     */
    void processSoon(long id) {
        if (!with.settings().processOnReceipt()) {
            return;
        }
        with.workers().offer(() -> {
            Instant now = with.clock().instant();
            Optional<StoredEvent> left;
            try {
                // An event that carries all it needs is claimed, applied and marked processed in one transaction: one
                // commit instead of three. Any other is claimed here and processed outside it (it may call Stripe).
                left = with.transactions().execute(tx -> events.claim(id, now, now.plus(LEASE))
                        .filter(event -> !processedLocally(event)));
            } catch (RuntimeException e) {
                // All of it rolled back, the claim too: the ordinary path records the failure and retries with backoff.
                log.debug("Stored event {} failed in one transaction, taking the ordinary path: {}", id, e.toString());
                left = with.transactions().execute(tx -> events.claim(id, now, now.plus(LEASE)));
            }
            left.ifPresent(this::process);
        });
    }

    /** Processes one stored event again now, whatever its state; safe because every handler is idempotent. */
    void replay(long id) {
        Instant now = with.clock().instant();
        with.transactions().execute(tx -> {
            events.reopen(id, now);
            return events.claim(id, now, now.plus(LEASE));
        }).ifPresent(this::process);
    }

    /** Processes every due event; run by the {@code webhook-inbox} job. */
    void processDue() {
        if (!with.settings().poll()) {
            return;
        }
        List<StoredEvent> due;
        do {
            Instant now = with.clock().instant();
            due = with.transactions().execute(tx -> events.claimDue(now, now.plus(LEASE), 50));
            due.forEach(this::processClaimed);
        } while (due.size() == 50);
    }

    // A claimed event: applied and marked processed in one transaction when its payload is enough, else processed.
    private void processClaimed(StoredEvent event) {
        try {
            if (Boolean.TRUE.equals(with.transactions().execute(tx -> processedLocally(event)))) {
                return;
            }
        } catch (RuntimeException e) {
            // Rolled back; the ordinary path below records the failure and retries with backoff.
            log.debug("Event {} failed in one transaction, taking the ordinary path: {}", event.eventId(), e.toString());
        }
        process(event);
    }

    /**
     * In the caller's transaction: applies a PaymentIntent event whose payload is current and complete, and marks it
     * processed. False, having done nothing, for any event that needs Stripe or another handler.
     */
    private boolean processedLocally(StoredEvent event) {
        if (!PAYMENT_INTENT_EVENTS.contains(event.type())) {
            return false;
        }
        Optional<PaymentIntentSnapshot> pi = ParsedEvent.parse(with.json(), event.payload()).flatMap(this::fromPayload);
        if (pi.isEmpty()) {
            return false;
        }
        apply(event, pi.get());
        events.finish(event.id(), "processed", null, with.clock().instant());
        return true;
    }

    private void process(StoredEvent event) {
        try {
            String outcome = dispatch(event);
            with.transactions().executeWithoutResult(tx -> events.finish(event.id(), outcome, null, with.clock().instant()));
        } catch (RuntimeException e) {
            String error = e.getClass().getSimpleName() + ": " + e.getMessage();
            if (event.attempts() >= MAX_ATTEMPTS) {
                log.error("Webhook event {} ({}) failed for good after {} attempts: {}", event.eventId(), event.type(),
                        event.attempts(), error);
                with.transactions().executeWithoutResult(tx -> events.finish(event.id(), "failed", error, with.clock().instant()));
            } else {
                Duration backoff = Duration.ofSeconds(Math.min(3600, 1L << Math.min(event.attempts(), 12)));
                log.warn("Webhook event {} ({}) failed, attempt {}; retrying in {}: {}", event.eventId(), event.type(),
                        event.attempts(), backoff, error);
                with.transactions().executeWithoutResult(
                        tx -> events.retryLater(event.id(), error, with.clock().instant().plus(backoff)));
            }
        }
    }

    private String dispatch(StoredEvent event) {
        if (CHECKOUT_SESSION_EVENTS.contains(event.type())) {
            return dispatchSession(event);
        }
        if (REFUND_EVENTS.contains(event.type()) || "charge.refunded".equals(event.type())) {
            return dispatchRefund(event);
        }
        if (!PAYMENT_INTENT_EVENTS.contains(event.type())) {
            return "ignored";
        }
        ParsedEvent parsed = ParsedEvent.parse(with.json(), event.payload()).orElseThrow();
        apply(event, fromPayload(parsed).orElseGet(() -> reread(parsed.objectId())));
        return "processed";
    }

    // The PaymentIntent as the event carries it, when it is in the API version this service reads and complete.
    private Optional<PaymentIntentSnapshot> fromPayload(ParsedEvent parsed) {
        return Optional.ofNullable(parsed.object())
                .filter(object -> Stripe.API_VERSION.equals(parsed.apiVersion()))
                .map(PaymentIntentPayloads::read)
                .filter(PaymentIntentSnapshot::complete);
    }

    private void apply(StoredEvent event, PaymentIntentSnapshot pi) {
        PaymentOutcomes.Applied applied = outcomes.apply(pi, Source.WEBHOOK);
        if (!applied.matched()) {
            log.warn("Event {} is about PaymentIntent {}, which no order owns", event.eventId(), pi.id());
        }
    }

    private String dispatchSession(StoredEvent event) {
        ParsedEvent parsed = ParsedEvent.parse(with.json(), event.payload()).orElseThrow();
        CheckoutSessionSnapshot session = Optional.ofNullable(parsed.object())
                .filter(object -> Stripe.API_VERSION.equals(parsed.apiVersion()))
                .map(CheckoutSessionPayloads::read)
                .filter(CheckoutSessionSnapshot::complete)
                .orElseGet(() -> rereadSession(parsed.objectId()));
        sessions.apply(session, "checkout.session.async_payment_failed".equals(event.type()), Source.WEBHOOK);
        return "processed";
    }

    // A refund event carries the refund; charge.refunded carries the charge, so the PaymentIntent's refunds are listed.
    private String dispatchRefund(StoredEvent event) {
        ParsedEvent parsed = ParsedEvent.parse(with.json(), event.payload()).orElseThrow();
        RefundSnapshot refund = parsed.object() != null && REFUND_EVENTS.contains(event.type())
                && Stripe.API_VERSION.equals(parsed.apiVersion()) ? RefundPayloads.read(parsed.object()) : null;
        if (refund != null) {
            refunds.apply(refund, Source.WEBHOOK);
            return "processed";
        }
        String paymentIntentId = RefundPayloads.paymentIntentOf(parsed.object());
        if (paymentIntentId == null) {
            throw new IllegalStateException("refund event names no PaymentIntent");
        }
        GatewayResult<List<RefundSnapshot>> listed = gateway.listRefunds(paymentIntentId);
        if (!(listed instanceof GatewayResult.Succeeded<List<RefundSnapshot>> found)) {
            throw new IllegalStateException("could not list the refunds of " + paymentIntentId + ": " + listed);
        }
        found.value().forEach(r -> refunds.apply(r, Source.WEBHOOK));
        return "processed";
    }

    private CheckoutSessionSnapshot rereadSession(String sessionId) {
        if (sessionId == null) {
            throw new IllegalStateException("event has no object id to re-read");
        }
        GatewayResult<CheckoutSessionSnapshot> result = gateway.retrieveCheckoutSession(sessionId);
        if (result instanceof GatewayResult.Succeeded<CheckoutSessionSnapshot> found) {
            return found.value();
        }
        throw new IllegalStateException("could not re-read Checkout Session " + sessionId + ": " + result);
    }

    // The payload is in an API version other than the one this service reads, or lacks what is needed to act on
    // money: ask Stripe for the object as it is now.
    private PaymentIntentSnapshot reread(String paymentIntentId) {
        if (paymentIntentId == null) {
            throw new IllegalStateException("event has no object id to re-read");
        }
        GatewayResult<PaymentIntentSnapshot> result = gateway.retrievePaymentIntent(paymentIntentId);
        if (result instanceof GatewayResult.Succeeded<PaymentIntentSnapshot> found) {
            return found.value();
        }
        throw new IllegalStateException("could not re-read PaymentIntent " + paymentIntentId + ": " + result);
    }

    /** The infrastructure the processor runs on. */
    record Collaborators(WebhookWorkers workers, TransactionTemplate transactions, JsonMapper json, Clock clock,
            WebhookSettings settings) {
    }
}
