package dev.checkstand.payment.gateway;

import dev.checkstand.common.Money;
import java.util.Map;

/** The payment provider as the service uses it. Implemented over stripe-java; never called inside a transaction. */
public interface PaymentGateway {

    /** Creates a PaymentIntent; the idempotency key makes a repeat return the same PaymentIntent. */
    GatewayResult<PaymentIntentSnapshot> createPaymentIntent(NewPaymentIntent request);

    /** Reads the current state of a PaymentIntent. */
    GatewayResult<PaymentIntentSnapshot> retrievePaymentIntent(String paymentIntentId);

    /** Cancels a PaymentIntent; refused when it already succeeded or was canceled. */
    GatewayResult<PaymentIntentSnapshot> cancelPaymentIntent(String paymentIntentId, String reason, String idempotencyKey);

    /**
     * Captures {@code amount} of an authorized PaymentIntent (releasing the rest); the idempotency key makes a repeat
     * return the same answer. Refused when it is not awaiting capture or its authorization lapsed.
     */
    GatewayResult<PaymentIntentSnapshot> capturePaymentIntent(String paymentIntentId, long amount, String idempotencyKey);

    /** Refunds part or all of a PaymentIntent's money; the idempotency key makes a repeat return the same refund. */
    GatewayResult<RefundSnapshot> createRefund(NewRefund request);

    /**
     * One page of Stripe's events of the given types created at or after {@code createdGte}, newest first, continuing
     * after {@code startingAfter} (null for the first page); each event as its raw JSON.
     */
    GatewayResult<EventPage> listEvents(java.util.List<String> types, java.time.Instant createdGte, String startingAfter);

    /** A page of events (raw JSON), the creation time of its newest, and whether older ones follow. */
    record EventPage(java.util.List<String> events, java.time.Instant newestCreated, boolean hasMore, String lastId) {
    }

    /** Every PaymentIntent created in [from, to], newest first (paged through, one call per 100). */
    GatewayResult<java.util.List<PaymentIntentSnapshot>> listPaymentIntents(java.time.Instant from, java.time.Instant to);

    /** Every refund created in [from, to], newest first (paged through, one call per 100). */
    GatewayResult<java.util.List<RefundSnapshot>> listRefunds(java.time.Instant from, java.time.Instant to);

    /** Every refund of a PaymentIntent, newest first. */
    GatewayResult<java.util.List<RefundSnapshot>> listRefunds(String paymentIntentId);

    /** Creates a Checkout Session (mode payment); the idempotency key makes a repeat return the same session. */
    GatewayResult<CheckoutSessionSnapshot> createCheckoutSession(NewCheckoutSession request);

    /** Reads the current state of a Checkout Session. */
    GatewayResult<CheckoutSessionSnapshot> retrieveCheckoutSession(String sessionId);

    /** Expires an open Checkout Session; refused when it is complete or expired already. */
    GatewayResult<CheckoutSessionSnapshot> expireCheckoutSession(String sessionId, String idempotencyKey);

    /** The publishable key the storefront confirms payments with. */
    String publishableKey();

    /** Where a browser loads Stripe.js from: Stripe's own, or the simulator's stand-in when the simulator is used. */
    String browserScriptUrl();

    /**
     * While Stripe keeps failing and its circuit breaker is open: how long until a call is tried again (at least a
     * second). Calls made meanwhile are not sent and answer {@link GatewayResult.Indeterminate} at once, so nothing
     * changes at Stripe. Empty while calls are sent.
     */
    java.util.Optional<java.time.Duration> failingFastFor();

    /** A Checkout Session to create: its lines, who pays, where the customer returns, and when it expires. */
    record NewCheckoutSession(String idempotencyKey, java.util.List<Line> lines, String currency, String customerEmail,
            String clientReferenceId, Map<String, String> metadata, String successUrl, String cancelUrl,
            java.time.Instant expiresAt, boolean manualCapture, Destination destination) {
    }

    /**
     * Where a destination charge's money goes: the seller's connected account (also the settlement merchant,
     * {@code on_behalf_of}), less the platform's application fee. Null on a charge the shop keeps.
     */
    record Destination(String accountId, long applicationFee) {
    }

    /** One line of a Checkout Session. */
    record Line(String name, long unitAmount, int quantity) {
    }

    /**
     * A refund to create; of a destination charge (its {@code destination}, else null), the seller's transfer is
     * reversed and the platform's fee (when it kept one) refunded in proportion.
     */
    record NewRefund(String paymentIntentId, long amount, String reason, String idempotencyKey,
            Map<String, String> metadata, Destination destination) {
    }

    /** A PaymentIntent to create. */
    record NewPaymentIntent(Money amount, String idempotencyKey, Map<String, String> metadata, String description,
            String receiptEmail, boolean manualCapture, Destination destination) {
    }
}
