package dev.checkstand.payment;

import dev.checkstand.common.InvalidRequest;
import dev.checkstand.common.LogContext;
import dev.checkstand.common.OrderId;
import dev.checkstand.common.Problem;
import dev.checkstand.order.CaptureDue;
import dev.checkstand.order.Order;
import dev.checkstand.order.OrderManagement;
import dev.checkstand.order.Source;
import dev.checkstand.payment.gateway.GatewayResult;
import dev.checkstand.payment.gateway.PaymentGateway;
import dev.checkstand.payment.gateway.PaymentIntentSnapshot;
import dev.checkstand.payment.gateway.PaymentProviderUnavailable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Captures and releases the authorizations orders hold (capture on fulfillment). Each is decided once, in the
 * database, before Stripe is called — capture this amount, or release for this reason — and carried out with a key
 * derived from the attempt ({@code attempt:{id}:capture}, {@code attempt:{id}:release}), so a repeat after a crash
 * or a lost answer asks the same of Stripe; what Stripe then says goes through the one transition, which moves the
 * order {@code authorized → paid} (or canceled) once, whichever path sees it first. An order reaching production is
 * captured; an authorization near its lapse is captured when its fulfillment is certain and released otherwise;
 * admins capture (all or part) and release by hand.
 */
@Service
public class Authorizations {

    private static final Logger log = LoggerFactory.getLogger(Authorizations.class);
    // A decision not seen through by then (its instance died, or Stripe did not answer) is taken up by the job.
    private static final Duration RESUME_AFTER = Duration.ofSeconds(20);

    private final PaymentAttempts attempts;
    private final PaymentGateway gateway;
    private final PaymentTransition transition;
    private final OrderManagement orders;
    private final TransactionTemplate transactions;
    private final CaptureSettings settings;
    private final Clock clock;

    Authorizations(PaymentAttempts attempts, PaymentGateway gateway, PaymentTransition transition,
            OrderManagement orders, TransactionTemplate transactions, CaptureSettings settings, Clock clock) {
        this.attempts = attempts;
        this.gateway = gateway;
        this.transition = transition;
        this.orders = orders;
        this.transactions = transactions;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Captures {@code amount} of the order's authorization (all of it when null), releasing the rest. Refused with
     * {@link NotAuthorized} when the order holds none, {@link InvalidRequest} for an amount outside 1..authorized,
     * and {@link DecidedOtherwise} when another capture or a release of it is already under way.
     */
    public void capture(OrderId orderId, Long amount, Source source) {
        finish(decide(orderId, amount, null), source);
    }

    /** Releases the order's authorization (the order is canceled, nothing taken); {@code reason} says why. */
    public void release(OrderId orderId, String reason, Source source) {
        finish(decide(orderId, null, reason), source);
    }

    // Not in the listener's own transaction: the decision commits before Stripe is called, and no row stays locked
    // during the call (invariant 6).
    @ApplicationModuleListener(propagation = Propagation.NOT_SUPPORTED)
    void on(CaptureDue due) {
        try (LogContext.Scope scope = LogContext.order(due.orderId())) {
            if ("canceled".equals(due.fulfillmentStatus())) {
                release(due.orderId(), "nothing_to_fulfill", Source.SYSTEM);
            } else {
                capture(due.orderId(), due.amount(), Source.SYSTEM);
            }
        } catch (NotAuthorized | DecidedOtherwise e) {
            log.debug("Order {} is not captured on reaching {}: {}", due.orderId(), due.fulfillmentStatus(),
                    e.getMessage());
        }
    }

    @ApplicationModuleListener(propagation = Propagation.NOT_SUPPORTED)
    void on(AuthorizationToRelease extra) {
        try (LogContext.Scope scope = LogContext.order(extra.orderId())) {
            PaymentIntentSnapshot after = gateway.cancelPaymentIntent(extra.paymentIntentId(), "duplicate",
                            "attempt:" + extra.attemptId() + ":release")
                    .fold(canceled -> canceled, refused -> reRead(extra.paymentIntentId()), unanswered -> {
                        throw unavailable(unanswered);
                    });
            transition.apply(after, Source.SYSTEM);
        }
    }

    /**
     * Looks at the authorizations due: one whose capture or release was decided but not seen through is carried
     * out; one near its lapse is captured when its order's fulfillment is certain (in production or later) and
     * released otherwise — the order is then canceled, flagged and its customer told. Never left to lapse silently.
     */
    void reviewDue() {
        Instant now = clock.instant();
        for (UUID id : attempts.claimDueAuthorizations(now, now.plus(RESUME_AFTER), 50)) {
            PaymentAttempt held = attempts.byId(id).orElseThrow();
            try (LogContext.Scope scope = LogContext.order(held.orderId())) {
                review(held);
            } catch (RuntimeException e) {
                log.warn("Authorization of order {} (PaymentIntent {}) not settled yet, looked at again within {}: {}",
                        held.orderId(), held.paymentIntentId(), RESUME_AFTER, e.toString());
            }
        }
    }

    private void review(PaymentAttempt held) {
        PaymentAttempt.Capture capture = held.capture();
        if (capture.amountToCapture() != null || capture.releaseReason() != null) {
            finish(held, Source.SYSTEM);
            return;
        }
        Instant captureBefore = capture.captureBefore();
        if (captureBefore == null) {
            captureBefore = learnLapse(held);
            if (captureBefore == null) {
                return;
            }
        }
        if (clock.instant().isBefore(captureBefore.minus(settings.expiryMargin()))) {
            return;
        }
        Order order = orders.find(held.orderId()).orElseThrow();
        log.info("Authorization of order {} lapses at {}; fulfillment is {}", order.number(), captureBefore,
                order.fulfillmentStatus());
        if (OrderManagement.CAPTURING.contains(order.fulfillmentStatus())) {
            capture(order.id(), null, Source.SYSTEM);
        } else {
            release(order.id(), "authorization_expiring", Source.SYSTEM);
        }
    }

    // When the authorization lapses, read from Stripe: its charge's capture_before, or (when Stripe does not say) the
    // authorization's time plus the usual validity. The next look is then set for the margin before it. Null when
    // Stripe says the PaymentIntent moved on (captured or released elsewhere): that is applied instead.
    private Instant learnLapse(PaymentAttempt held) {
        PaymentIntentSnapshot pi = reRead(held.paymentIntentId());
        if (!"requires_capture".equals(pi.status())) {
            transition.apply(pi, Source.SYSTEM);
            return null;
        }
        Instant captureBefore = pi.captureBefore() != null ? pi.captureBefore()
                : (pi.succeededAt() != null ? pi.succeededAt() : held.createdAt()).plus(settings.validity());
        transactions.executeWithoutResult(tx -> attempts.authorizationLapsesAt(held.id(), captureBefore,
                captureBefore.minus(settings.expiryMargin())));
        return captureBefore;
    }

    // With every attempt of the order locked: the attempt holding its authorization, with the first decision about it
    // fixed. A request that contradicts a decision already made is refused; the same request carries it on.
    private PaymentAttempt decide(OrderId orderId, Long amount, String releaseReason) {
        return transactions.execute(tx -> {
            List<PaymentAttempt> all = attempts.lockAllOf(orderId);
            PaymentAttempt held = all.stream().filter(PaymentAttempt::holdsAuthorization).findFirst()
                    .orElseThrow(() -> new NotAuthorized(orderId));
            long authorized = held.capture().amountAuthorized();
            if (amount != null && (amount <= 0 || amount > authorized)) {
                throw InvalidRequest.of("amount", "must be between 1 and " + authorized + " (the amount authorized)");
            }
            Long toCapture = releaseReason == null ? Long.valueOf(amount == null ? authorized : amount) : null;
            Instant now = clock.instant();
            if (attempts.decide(held.id(), toCapture, releaseReason, now, now.plus(RESUME_AFTER))) {
                return attempts.byId(held.id()).orElseThrow();
            }
            PaymentAttempt.Capture decided = held.capture();
            boolean same = releaseReason == null
                    ? decided.amountToCapture() != null && (amount == null || amount.equals(decided.amountToCapture()))
                    : decided.releaseReason() != null;
            if (!same) {
                throw new DecidedOtherwise(decided);
            }
            return held;
        });
    }

    // Asks Stripe for what was decided and applies its answer. Stripe refusing a capture (the authorization lapsed,
    // or it is no longer awaiting capture) leaves what it then says of the PaymentIntent to decide: captured or
    // released meanwhile is applied as it is; still held, it is released instead, since it cannot be captured.
    private void finish(PaymentAttempt held, Source source) {
        PaymentAttempt.Capture decided = held.capture();
        String pi = held.paymentIntentId();
        PaymentIntentSnapshot after;
        if (decided.amountToCapture() != null) {
            after = gateway.capturePaymentIntent(pi, decided.amountToCapture(), "attempt:" + held.id() + ":capture")
                    .fold(captured -> captured, refused -> {
                        log.warn("Stripe refused to capture PaymentIntent {} of order {}: {}", pi, held.orderId(),
                                refused.describe());
                        return reRead(pi);
                    }, unanswered -> {
                        throw unavailable(unanswered);
                    });
            if ("requires_capture".equals(after.status())) {
                transactions.executeWithoutResult(tx -> attempts.redecideRelease(held.id(), "capture_refused",
                        clock.instant()));
                after = cancel(pi, held.id(), "abandoned");
            }
        } else {
            after = cancel(pi, held.id(), "admin".equals(decided.releaseReason()) ? "requested_by_customer" : "abandoned");
        }
        transition.apply(after, source);
    }

    private PaymentIntentSnapshot cancel(String pi, UUID attemptId, String stripeReason) {
        return gateway.cancelPaymentIntent(pi, stripeReason, "attempt:" + attemptId + ":release")
                .fold(canceled -> canceled, refused -> reRead(pi), unanswered -> {
                        throw unavailable(unanswered);
                    });
    }

    private PaymentIntentSnapshot reRead(String paymentIntentId) {
        return gateway.retrievePaymentIntent(paymentIntentId).orElseThrow(this::unavailable);
    }

    private PaymentProviderUnavailable unavailable(GatewayResult<?> result) {
        return new PaymentProviderUnavailable("Stripe did not settle an authorization: " + result.describe(),
                gateway.failingFastFor());
    }

    /** 409 {@code payment_not_authorized}: the order holds no authorization (it was captured, released, or never). */
    public static final class NotAuthorized extends Problem {

        NotAuthorized(OrderId orderId) {
            super(409, "payment_not_authorized", "No authorization to capture or release",
                    "Order " + orderId + " holds no authorization: its payment was captured or released already, or"
                            + " was taken at once");
        }
    }

    /** 409 {@code authorization_decided}: another capture, or a release, of the authorization is under way. */
    public static final class DecidedOtherwise extends Problem {

        DecidedOtherwise(PaymentAttempt.Capture decided) {
            super(409, "authorization_decided", "Authorization already being settled",
                    decided.amountToCapture() != null
                            ? "A capture of " + decided.amountToCapture() + " is under way"
                            : "The authorization is being released (" + decided.releaseReason() + ")");
        }
    }
}
