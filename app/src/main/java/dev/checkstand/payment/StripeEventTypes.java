package dev.checkstand.payment;

import java.util.List;

/** The Stripe event types the service acts on (at most 20, so one Events API filter can name them all). */
public final class StripeEventTypes {

    public static final List<String> PAYMENT_INTENT = List.of("payment_intent.succeeded",
            "payment_intent.payment_failed", "payment_intent.processing", "payment_intent.canceled",
            "payment_intent.requires_action", "payment_intent.amount_capturable_updated");

    public static final List<String> CHECKOUT_SESSION = List.of("checkout.session.completed",
            "checkout.session.async_payment_succeeded", "checkout.session.async_payment_failed",
            "checkout.session.expired");

    public static final List<String> REFUND = List.of("refund.created", "refund.updated", "refund.failed",
            "charge.refund.updated");

    public static final List<String> CHARGE_REFUNDED = List.of("charge.refunded");

    public static final List<String> HANDLED = java.util.stream.Stream.of(PAYMENT_INTENT, CHECKOUT_SESSION, REFUND,
            CHARGE_REFUNDED).flatMap(List::stream).toList();

    private StripeEventTypes() {
    }
}
