package dev.checkstand.checkout;

import dev.checkstand.common.LogContext;
import dev.checkstand.common.Money;
import dev.checkstand.order.Order;
import dev.checkstand.order.OrderManagement;
import dev.checkstand.order.OrderToken;
import dev.checkstand.payment.PaymentAttempt;
import dev.checkstand.payment.PaymentQueries;
import dev.checkstand.payment.Payments;
import dev.checkstand.payment.gateway.PaymentGateway;
import dev.checkstand.seller.Marketplace;
import dev.checkstand.seller.Seller;
import dev.checkstand.seller.SellerCannotAcceptPayments;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.BiFunction;
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

    private static final String SELLER_CANNOT_ACCEPT_PAYMENTS = "seller_cannot_accept_payments";

    private final OrderDrafts drafts;
    private final OrderPlacement placement;
    private final OrderManagement orders;
    private final Payments payments;
    private final PaymentQueries queries;
    private final Marketplace marketplace;

    CheckoutService(OrderDrafts drafts, OrderPlacement placement, OrderManagement orders, Payments payments,
            PaymentQueries queries, Marketplace marketplace) {
        this.marketplace = marketplace;
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
        return checkout(request, "payment_intent", drafts.hold(false),
                (order, destination) -> payments.openPaymentIntentAttempt(order.id(), order.total(), destination),
                placed -> payments.ensurePaymentIntent(placed.attempt().id(),
                        new Payments.PaymentIntentContext(placed.order().number(), placed.order().email())));
    }

    /**
     * Creates (or returns) the order and its Checkout Session for a checkout. The session expires with the order's
     * stock hold, which is at least Stripe's minimum session lifetime; its success and cancel URLs must be on an
     * allowed origin, or nothing is created.
     */
    public Checkout createCheckoutSessionCheckout(CheckoutRequest request) {
        OrderDrafts.SessionUrls urls = drafts.sessionUrls(request);
        return checkout(request, "checkout_session", drafts.hold(true),
                (order, destination) -> payments.openCheckoutSessionAttempt(order.id(), order.total(),
                        order.reservationExpiresAt(), urls.success(), urls.cancel(), destination),
                placed -> payments.ensureCheckoutSession(placed.attempt().id()));
    }

    // Either kind: the order placed once with its attempt (a seller's charge to its account), then — while it waits for
    // payment — the PaymentIntent or session created at Stripe.
    private Checkout checkout(CheckoutRequest request, String kind, Duration hold,
            BiFunction<Order, PaymentGateway.Destination, PaymentAttempt> opener,
            Function<OrderPlacement.Placed, PaymentAttempt> create) {
        OrderDrafts.Draft draft = drafts.draft(request, CheckoutFingerprint.of(kind, request), hold);
        Seller seller = sellerTakingPayments(draft);
        OrderPlacement.Placed placed = placeOnce(draft, order -> opener.apply(order, destination(order, seller)));
        try (LogContext.Scope scope = LogContext.order(placed.order().id(), placed.order().number())) {
            PaymentAttempt attempt = placed.attempt();
            if (placed.order().status() == Order.Status.PENDING_PAYMENT) {
                confirmSellerTakesPayments(placed, seller);
                attempt = createdAtStripe(seller, placed, create);
            }
            return checkout(placed, attempt, seller);
        }
    }

    // A seller's checkout is refused before anything is reserved when the seller cannot take payments by what is
    // known here (a new checkout only: a repeat is answered with what it placed).
    private Seller sellerTakingPayments(OrderDrafts.Draft draft) {
        if (draft.seller() == null) {
            return null;
        }
        if (draft.shipping() == null) {
            return marketplace.seller(draft.seller()).orElseThrow();
        }
        return marketplace.requireAcceptingPayments(draft.seller());
    }

    // The seller's share is recorded with the order, and its charge sends the money, less the fee, to the seller.
    private PaymentGateway.Destination destination(Order order, Seller seller) {
        if (seller == null) {
            return null;
        }
        Money fee = seller.applicationFee(order.total());
        marketplace.recordOrder(order.id(), seller, fee);
        return new PaymentGateway.Destination(seller.stripeAccountId(), fee.amount());
    }

    // Right before the charge is created, Stripe is asked whether the seller can still take it: one who cannot has
    // the order canceled and its stock released at once, and nothing is created at Stripe.
    private void confirmSellerTakesPayments(OrderPlacement.Placed placed, Seller seller) {
        if (seller == null || placed.attempt().status() != PaymentAttempt.Status.CREATING) {
            return;
        }
        UUID attemptId = placed.attempt().id();
        if (!payments.holdingOffRecovery(attemptId, () -> marketplace.acceptsPaymentsNow(seller))
                && payments.withdrawUncreated(attemptId, SELLER_CANNOT_ACCEPT_PAYMENTS)) {
            throw new SellerCannotAcceptPayments(seller.id(), seller.name());
        }
    }

    // Stripe refusing a seller's charge (its account disabled after it was read) has already failed the attempt,
    // canceled the order and released its stock; the customer is told it is the seller, when Stripe says so.
    private PaymentAttempt createdAtStripe(Seller seller, OrderPlacement.Placed placed,
            Function<OrderPlacement.Placed, PaymentAttempt> create) {
        try {
            return create.apply(placed);
        } catch (RuntimeException failure) {
            boolean refused = queries.attempt(placed.attempt().id())
                    .map(a -> a.status() == PaymentAttempt.Status.FAILED).orElse(false);
            if (seller != null && refused && !marketplace.acceptsPaymentsNow(seller)) {
                throw new SellerCannotAcceptPayments(seller.id(), seller.name());
            }
            throw failure;
        }
    }

    private OrderPlacement.Placed placeOnce(OrderDrafts.Draft draft, Function<Order, PaymentAttempt> opener) {
        OrderPlacement.Placed placed = placement.place(draft, opener);
        if (placed.attempt() != null) {
            return placed;
        }
        return new OrderPlacement.Placed(false, placed.order(), placed.token(),
                queries.latestAttempt(placed.order().id()).orElseThrow());
    }

    private Checkout checkout(OrderPlacement.Placed placed, PaymentAttempt attempt, Seller seller) {
        Order current = orders.find(placed.order().id()).orElseThrow();
        // A repeat of a seller's checkout that was refused for the seller (by the read, or by Stripe's refusal while the
        // seller still cannot charge, as Stripe says now: the copy here may not know yet) is refused the same way.
        if (seller != null && current.status() == Order.Status.CANCELED
                && attempt.status() == PaymentAttempt.Status.FAILED
                && (SELLER_CANNOT_ACCEPT_PAYMENTS.equals(attempt.lastFailure())
                        || !marketplace.acceptsPaymentsNow(seller))) {
            throw new SellerCannotAcceptPayments(seller.id(), seller.name());
        }
        return new Checkout(placed.created(), current, placed.token(), attempt, payments.publishableKey());
    }

    /**
     * A created or repeated checkout: the order, the token that proves its customer (a further one for each repeat),
     * its payment attempt and the key to confirm it with.
     */
    public record Checkout(boolean created, Order order, OrderToken token, PaymentAttempt attempt, String publishableKey) {
    }
}
