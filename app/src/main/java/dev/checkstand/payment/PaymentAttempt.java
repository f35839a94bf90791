package dev.checkstand.payment;

import dev.checkstand.common.Money;
import dev.checkstand.common.OrderId;
import dev.checkstand.order.PaymentApplied;
import dev.checkstand.payment.gateway.PaymentIntentSnapshot;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * One try at collecting an order's money through one PaymentIntent or Checkout Session. It starts {@code CREATING}
 * before Stripe is called (its idempotency key is fixed then) and ends in a terminal status. Its status changes only
 * through the guarded methods below, each of which gives the {@link Change} to write, or nothing when the move is
 * not allowed; the repository writes a change only if the row is still in the status it was decided from.
 */
public record PaymentAttempt(UUID id, OrderId orderId, int attemptNo, Kind kind, Status status, String idempotencyKey,
        String paymentIntentId, String checkoutSessionId, String clientSecret, Money amount, long amountReceived,
        String lastFailure, String lastFailureCharge, Instant createdAt, Session session, Capture capture) {

    /** Written in a session's success or cancel URL, it is replaced by the attempt's id when the session is created. */
    public static final String ATTEMPT_ID_TEMPLATE = "{CHECKSTAND_ATTEMPT_ID}";

    /** A Checkout Session attempt's page, its expiry and where Stripe sends the customer back; null otherwise. */
    public record Session(String url, Instant expiresAt, String successUrl, String cancelUrl) {
    }

    /**
     * How the attempt's payment is captured, fixed when it opens: at once, or ({@code manual}) authorized first and
     * captured when the order's fulfillment is under way. An attempt {@code AUTHORIZED} holds its order's
     * authorization: {@code amountAuthorized} until {@code captureBefore} (when Stripe lets it lapse); once a capture
     * or release is decided, before Stripe is called, {@code amountToCapture} or {@code releaseReason} say which, so a
     * repeat sends the same request with the same key.
     */
    public record Capture(boolean manual, long amountAuthorized, Instant captureBefore, Long amountToCapture,
            String releaseReason) {

        public static final Capture AUTOMATIC = new Capture(false, 0, null, null, null);
        public static final Capture MANUAL = new Capture(true, 0, null, null, null);

        public String method() {
            return manual ? "manual" : "automatic";
        }
    }

    /** What was created at Stripe for this attempt. */
    public enum Kind {
        PAYMENT_INTENT, CHECKOUT_SESSION;

        public String wire() {
            return name().toLowerCase();
        }
    }

    /**
     * Stripe's PaymentIntent statuses plus our own. {@code CREATING} is pending like Kill Bill's transactions: Stripe
     * has not answered yet, and the answer (or the recovery job) resolves it. The open statuses follow Stripe, which
     * moves between them in any order (a processing bank debit that fails goes back to requires_payment_method).
     * The terminal ones never change: succeeded, canceled, failed, duplicate (a second payment of a paid order) and
     * succeeded_after_cancel (money that arrived after its order was canceled); the last two are refunded.
     * {@code AUTHORIZED} is ours too: the attempt whose authorization its order took (Stripe says requires_capture);
     * it leaves only for succeeded (captured) or canceled (released).
     */
    public enum Status {
        CREATING, REQUIRES_PAYMENT_METHOD, REQUIRES_CONFIRMATION, REQUIRES_ACTION, PROCESSING, REQUIRES_CAPTURE,
        AUTHORIZED, SUCCEEDED, CANCELED, FAILED, DUPLICATE, SUCCEEDED_AFTER_CANCEL;

        public String wire() {
            return name().toLowerCase();
        }

        /** Terminal statuses never change again. */
        public boolean isTerminal() {
            return this == SUCCEEDED || this == CANCELED || this == FAILED || this == DUPLICATE
                    || this == SUCCEEDED_AFTER_CANCEL;
        }

        /** Whether the payment took money (kept, or to be returned). */
        public boolean tookMoney() {
            return this == SUCCEEDED || this == DUPLICATE || this == SUCCEEDED_AFTER_CANCEL;
        }

        /** Whether an attempt in this status may move to {@code next}: never out of a terminal one, never back to creating. */
        public boolean canMoveTo(Status next) {
            return this != next && !isTerminal() && next != CREATING
                    && (this != AUTHORIZED || next == SUCCEEDED || next == CANCELED);
        }

        static Status fromWire(String value) {
            return valueOf(value.toUpperCase());
        }
    }

    /** A status change to write: from {@code from} (the row must still be in it) to {@code to}, with what it records. */
    record Change(UUID attemptId, Status from, Status to, Long amountReceived, String failure, String failureCharge) {
    }

    /** What the order is told when an attempt takes a step; {@code RECEIVE}: money arrived, the order decides for what. */
    enum OrderEffect {
        NONE, PROCESSING, PAYMENT_FAILED, RECEIVE, AUTHORIZE, CAPTURE, RELEASE
    }

    /** One step of the attempt on Stripe's word: the change to write (if any) and what the order is told. */
    record Step(Optional<Change> change, OrderEffect effect) {

        static final Step NOTHING = new Step(Optional.empty(), OrderEffect.NONE);
    }

    /**
     * What Stripe's current state of the PaymentIntent means for this attempt (the transition's table, DESIGN.md
     * invariant 3). Money that arrived is received once: an attempt that took money before takes no step; one that
     * ended without money cannot take any, and saying otherwise is a contradiction to be looked at, not dropped.
     */
    Step onStripe(PaymentIntentSnapshot pi) {
        Status atStripe = Status.fromWire(pi.status());
        if (status == Status.AUTHORIZED) {
            return onStripeWhileAuthorized(atStripe);
        }
        return switch (atStripe) {
            case SUCCEEDED -> {
                if (status.tookMoney()) {
                    yield Step.NOTHING;
                }
                if (status.isTerminal()) {
                    throw new IllegalStateException("PaymentIntent " + pi.id() + " took money but its attempt " + id
                            + " is " + status.wire());
                }
                yield new Step(Optional.empty(), OrderEffect.RECEIVE);
            }
            // An authorization is offered to the order once: it takes it (AUTHORIZED) or refuses it, and then the
            // attempt waits in requires_capture to be released. After the attempt has ended, it is an older word than
            // the one that ended it.
            case REQUIRES_CAPTURE -> status.isTerminal() || status == Status.REQUIRES_CAPTURE
                    ? Step.NOTHING : new Step(Optional.empty(), OrderEffect.AUTHORIZE);
            case PROCESSING -> live() ? new Step(follow(Status.PROCESSING), OrderEffect.PROCESSING) : Step.NOTHING;
            case REQUIRES_PAYMENT_METHOD -> failedIfErrored(pi);
            default -> new Step(follow(atStripe), OrderEffect.NONE);
        };
    }

    // An authorized PaymentIntent only moves on to captured (succeeded) or released (canceled); any other status is
    // older than the authorization (a late event) and changes nothing. Processing after a capture waits for succeeded.
    private Step onStripeWhileAuthorized(Status atStripe) {
        return switch (atStripe) {
            case SUCCEEDED -> new Step(Optional.empty(), OrderEffect.CAPTURE);
            case CANCELED -> new Step(follow(Status.CANCELED), OrderEffect.RELEASE);
            default -> Step.NOTHING;
        };
    }

    // Back to requires_payment_method: a failed try when Stripe says why (recorded once per failed charge), else
    // simply waiting for a payment method.
    private Step failedIfErrored(PaymentIntentSnapshot pi) {
        if (pi.failureCode() == null && pi.failureMessage() == null) {
            return new Step(follow(Status.REQUIRES_PAYMENT_METHOD), OrderEffect.NONE);
        }
        String failureRef = pi.latestCharge() != null ? pi.latestCharge() : pi.failureCode() + ":" + pi.failureMessage();
        Optional<Change> failed = fail(Status.REQUIRES_PAYMENT_METHOD, pi.failureCode(), failureRef);
        return new Step(failed, failed.isPresent() ? OrderEffect.PAYMENT_FAILED : OrderEffect.NONE);
    }

    /**
     * Records the money received as the order took it: its payment ({@code SUCCEEDED}), a duplicate of a paid
     * order, or money after a cancel — the last two are to be returned.
     */
    Change received(PaymentApplied applied, long amount) {
        Status outcome = applied.fold(paid -> Status.SUCCEEDED, duplicate -> Status.DUPLICATE,
                late -> Status.SUCCEEDED_AFTER_CANCEL);
        return receive(outcome, amount).orElseThrow(() -> new IllegalStateException("attempt " + id + " is "
                + status.wire() + " and cannot receive money"));
    }

    /**
     * Records an authorization as the order took it: the order's own ({@code AUTHORIZED}, holding
     * {@code amount}), or one to release (a second authorization of a placed order, or one for a canceled order),
     * which follows Stripe to requires_capture.
     */
    Optional<Change> authorized(PaymentApplied applied, long amount) {
        Status outcome = applied.fold(placed -> Status.AUTHORIZED, duplicate -> Status.REQUIRES_CAPTURE,
                late -> Status.REQUIRES_CAPTURE);
        return status.canMoveTo(outcome)
                ? Optional.of(new Change(id, status, outcome, null, null, null))
                : Optional.empty();
    }

    /** Records the capture of this attempt's authorization: it took {@code received}. */
    Change captured(long received) {
        return receive(Status.SUCCEEDED, received).orElseThrow(() -> new IllegalStateException("attempt " + id
                + " is " + status.wire() + " and cannot be captured"));
    }

    /** Whether this attempt holds its order's authorization, to be captured or released. */
    public boolean holdsAuthorization() {
        return status == Status.AUTHORIZED;
    }

    /**
     * Ends an attempt whose payment can no longer succeed: its session expired at Stripe, or Stripe was never asked
     * to create it. Nothing when it has ended already.
     */
    Optional<Change> cancel() {
        return follow(Status.CANCELED);
    }

    /** Follows Stripe's status of the PaymentIntent; nothing when it is ours already or the attempt has ended. */
    private Optional<Change> follow(Status stripeStatus) {
        return status.canMoveTo(stripeStatus)
                ? Optional.of(new Change(id, status, stripeStatus, null, null, null))
                : Optional.empty();
    }

    /**
     * Records money received, as {@code outcome} ({@code SUCCEEDED}, {@code DUPLICATE} or
     * {@code SUCCEEDED_AFTER_CANCEL}); nothing when this attempt's payment was recorded before.
     */
    private Optional<Change> receive(Status outcome, long received) {
        if (!outcome.tookMoney()) {
            throw new IllegalArgumentException(outcome + " does not take money");
        }
        return status.canMoveTo(outcome)
                ? Optional.of(new Change(id, status, outcome, received, null, null))
                : Optional.empty();
    }

    /**
     * Records a failed try, identified by {@code failureRef} (the failed charge): the attempt moves to {@code next}
     * ({@code REQUIRES_PAYMENT_METHOD} while the customer may try again, or {@code FAILED}). Nothing when the attempt
     * has ended or this failure was recorded before.
     */
    Optional<Change> fail(Status next, String failure, String failureRef) {
        if (status.isTerminal() || status == Status.AUTHORIZED || next == Status.CREATING || next.tookMoney()
                || (failureRef != null && failureRef.equals(lastFailureCharge))) {
            return Optional.empty();
        }
        return Optional.of(new Change(id, status, next, null, failure, failureRef));
    }

    /** Whether Stripe may still take money through this attempt. */
    public boolean live() {
        return !status.isTerminal();
    }
}
