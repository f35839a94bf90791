package dev.checkstand.checkout;

import dev.checkstand.common.LogContext;
import dev.checkstand.order.Order;
import dev.checkstand.order.OrderManagement;
import dev.checkstand.order.OrderToken;
import dev.checkstand.payment.PaymentAttempt;
import dev.checkstand.payment.PaymentQueries;
import dev.checkstand.payment.Payments;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.springframework.stereotype.Service;

/**
 * Creates a checkout: in one transaction the pending order, its items, the stock reservation and a payment attempt
 * in state {@code creating}; after commit, the PaymentIntent or Checkout Session at Stripe. The same checkout id
 * returns the same result.
 */
@Service
public class CheckoutService {

    // Stripe refuses a session that expires sooner than 30 minutes after it is created; a minute covers the gap
    // between placing the order and creating the session.
    static final Duration MIN_SESSION_HOLD = Duration.ofMinutes(31);

    private final OrderDrafts drafts;
    private final OrderPlacement placement;
    private final OrderManagement orders;
    private final Payments payments;
    private final PaymentQueries queries;

    CheckoutService(OrderDrafts drafts, OrderPlacement placement, OrderManagement orders, Payments payments,
            PaymentQueries queries) {
        this.drafts = drafts;
        this.placement = placement;
        this.orders = orders;
        this.payments = payments;
        this.queries = queries;
    }

    /**
     * What shipping {@code items} to a destination costs and their subtotal, priced exactly as a checkout of them: the
     * storefront's quote. 400 naming the field ({@code countryField} for the country) when they cannot be checked out.
     */
    public ShippingQuoted quoteShipping(List<CheckoutRequest.Item> items, String country, String state, String city,
            String postalCode, String countryField) {
        return drafts.quote(items, country, state, city, postalCode, countryField);
    }

    /** A cart's shipping quote and its subtotal (minor units of the quote's currency). */
    public record ShippingQuoted(dev.checkstand.shipping.ShippingQuote shipping, long subtotal) {
    }

    /** Creates (or returns) the order and its PaymentIntent for a checkout. */
    public Checkout createPaymentIntentCheckout(CheckoutRequest request) {
        OrderPlacement.Placed placed = placeOnce(request, "payment_intent", drafts.hold(false),
                order -> payments.openPaymentIntentAttempt(order.id(), order.total()));
        try (LogContext.Scope scope = LogContext.order(placed.order().id(), placed.order().number())) {
            PaymentAttempt attempt = placed.attempt();
            if (placed.order().status() == Order.Status.PENDING_PAYMENT) {
                attempt = payments.ensurePaymentIntent(attempt.id(),
                        new Payments.PaymentIntentContext(placed.order().number(), placed.order().email()));
            }
            return checkout(placed, attempt);
        }
    }

    /**
     * Creates (or returns) the order and its Checkout Session for a checkout. The session expires with the order's
     * stock hold, which is at least Stripe's minimum session lifetime; its success and cancel URLs must be on an
     * allowed origin, or nothing is created.
     */
    public Checkout createCheckoutSessionCheckout(CheckoutRequest request) {
        OrderDrafts.SessionUrls urls = drafts.sessionUrls(request);
        OrderPlacement.Placed placed = placeOnce(request, "checkout_session", drafts.hold(true),
                order -> payments.openCheckoutSessionAttempt(order.id(), order.total(), order.reservationExpiresAt(),
                        urls.success(), urls.cancel()));
        try (LogContext.Scope scope = LogContext.order(placed.order().id(), placed.order().number())) {
            PaymentAttempt attempt = placed.attempt();
            if (placed.order().status() == Order.Status.PENDING_PAYMENT) {
                attempt = payments.ensureCheckoutSession(attempt.id());
            }
            return checkout(placed, attempt);
        }
    }

    private OrderPlacement.Placed placeOnce(CheckoutRequest request, String kind, Duration hold,
            Function<Order, PaymentAttempt> opener) {
        String fingerprint = CheckoutFingerprint.of(kind, request);
        OrderPlacement.Placed placed = placement.place(drafts.draft(request, fingerprint, hold), opener);
        if (placed.attempt() != null) {
            return placed;
        }
        return new OrderPlacement.Placed(false, placed.order(), placed.token(),
                queries.latestAttempt(placed.order().id()).orElseThrow());
    }

    private Checkout checkout(OrderPlacement.Placed placed, PaymentAttempt attempt) {
        Order current = orders.find(placed.order().id()).orElseThrow();
        return new Checkout(placed.created(), current, placed.token(), attempt, payments.publishableKey());
    }

    /**
     * A created or repeated checkout: the order, the token that proves its customer (a further one for each repeat),
     * its payment attempt and the key to confirm it with.
     */
    public record Checkout(boolean created, Order order, OrderToken token, PaymentAttempt attempt, String publishableKey) {
    }
}
