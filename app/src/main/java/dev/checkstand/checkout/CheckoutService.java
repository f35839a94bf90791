package dev.checkstand.checkout;

import dev.checkstand.catalog.Catalog;
import dev.checkstand.catalog.Product;
import dev.checkstand.common.InvalidRequest;
import dev.checkstand.common.Money;
import dev.checkstand.common.ProductId;
import dev.checkstand.inventory.Inventory;
import dev.checkstand.inventory.Reservation;
import dev.checkstand.order.NewOrder;
import dev.checkstand.order.Order;
import dev.checkstand.order.OrderManagement;
import dev.checkstand.order.ShippingAddress;
import dev.checkstand.payment.PaymentAttempt;
import dev.checkstand.payment.PaymentQueries;
import dev.checkstand.payment.Payments;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creates a checkout: in one transaction the pending order, its items, the stock reservation and a payment attempt
 * in state {@code creating}; after commit, the PaymentIntent at Stripe. The same checkout id returns the same result.
 */
@Service
public class CheckoutService {

    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());
    // Stripe refuses a session that expires sooner than 30 minutes after it is created; a minute covers the gap
    // between placing the order and creating the session.
    static final Duration MIN_SESSION_HOLD = Duration.ofMinutes(31);

    private final Catalog catalog;
    private final OrderManagement orders;
    private final Inventory inventory;
    private final Payments payments;
    private final PaymentQueries queries;
    private final TransactionTemplate transactions;
    private final CheckoutSettings settings;

    CheckoutService(Catalog catalog, OrderManagement orders, Inventory inventory, Payments payments,
            PaymentQueries queries, CheckoutSettings settings) {
        this.catalog = catalog;
        this.orders = orders;
        this.inventory = inventory;
        this.payments = payments;
        this.queries = queries;
        this.transactions = settings.transactions();
        this.settings = settings;
    }

    /** Creates (or returns) the order and its PaymentIntent for a checkout. */
    public Checkout createPaymentIntentCheckout(CheckoutRequest request) {
        Placed placed = placeOnce(request, "payment_intent", settings.properties().reservationHold(),
                order -> payments.openPaymentIntentAttempt(order.id(), order.total()));
        PaymentAttempt attempt = placed.attempt();
        if (placed.order().status() == Order.Status.PENDING_PAYMENT) {
            attempt = payments.ensurePaymentIntent(attempt.id(),
                    new Payments.PaymentIntentContext(placed.order().number(), placed.order().email()));
        }
        return checkout(placed, attempt);
    }

    /**
     * Creates (or returns) the order and its Checkout Session for a checkout. The session expires with the order's
     * stock hold, which is at least Stripe's minimum session lifetime.
     */
    public Checkout createCheckoutSessionCheckout(CheckoutRequest request) {
        Duration hold = settings.properties().reservationHold().compareTo(MIN_SESSION_HOLD) < 0
                ? MIN_SESSION_HOLD : settings.properties().reservationHold();
        Placed placed = placeOnce(request, "checkout_session", hold,
                order -> payments.openCheckoutSessionAttempt(order.id(), order.total(), order.reservationExpiresAt(),
                        orDefault(request.successUrl(), settings.properties().successUrl()),
                        orDefault(request.cancelUrl(), settings.properties().cancelUrl())));
        PaymentAttempt attempt = placed.attempt();
        if (placed.order().status() == Order.Status.PENDING_PAYMENT) {
            attempt = payments.ensureCheckoutSession(attempt.id());
        }
        return checkout(placed, attempt);
    }

    private Placed placeOnce(CheckoutRequest request, String kind, Duration hold, Function<Order, PaymentAttempt> opener) {
        String fingerprint = CheckoutFingerprint.of(kind, request);
        Placed placed = transactions.execute(tx -> place(request, fingerprint, hold, opener));
        if (!placed.order().checkoutFingerprint().equals(fingerprint)) {
            throw new CheckoutConflict(request.checkoutId());
        }
        if (placed.attempt() != null) {
            return placed;
        }
        return new Placed(false, placed.order(), queries.latestAttempt(placed.order().id()).orElseThrow());
    }

    private Checkout checkout(Placed placed, PaymentAttempt attempt) {
        Order current = orders.find(placed.order().id()).orElseThrow();
        return new Checkout(placed.created(), current, attempt, payments.publishableKey());
    }

    private Placed place(CheckoutRequest request, String fingerprint, Duration hold,
            Function<Order, PaymentAttempt> opener) {
        NewOrder newOrder = newOrder(request, fingerprint, hold);
        OrderManagement.Placement placement = orders.place(newOrder);
        if (placement instanceof OrderManagement.Placement.AlreadyPlaced existing) {
            return new Placed(false, existing.order(), null);
        }
        Order order = placement.order();
        List<Reservation.Line> lines = newOrder.items().stream()
                .map(i -> new Reservation.Line(i.productId(), i.quantity()))
                .toList();
        Reservation reservation = inventory.reserve(order.id(), lines, order.reservationExpiresAt());
        if (reservation instanceof Reservation.OutOfStock outOfStock) {
            throw new ItemsOutOfStock(outOfStock.items());
        }
        return new Placed(true, order, opener.apply(order));
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }

    private NewOrder newOrder(CheckoutRequest request, String fingerprint, Duration hold) {
        List<InvalidRequest.FieldError> errors = new ArrayList<>();
        if (!COUNTRIES.contains(request.shippingAddress().country())) {
            errors.add(new InvalidRequest.FieldError("shippingAddress.country", "unknown country code"));
        }
        Set<ProductId> ids = new HashSet<>();
        for (int i = 0; i < request.items().size(); i++) {
            if (!ids.add(ProductId.of(request.items().get(i).productId()))) {
                errors.add(new InvalidRequest.FieldError("items[" + i + "].productId", "product listed twice"));
            }
        }
        Map<ProductId, Product> products = catalog.products(ids);
        List<NewOrder.Item> items = new ArrayList<>();
        for (int i = 0; i < request.items().size(); i++) {
            CheckoutRequest.Item item = request.items().get(i);
            Product product = products.get(ProductId.of(item.productId()));
            if (product == null || !product.active()) {
                errors.add(new InvalidRequest.FieldError("items[" + i + "].productId", "unknown or inactive product"));
                continue;
            }
            items.add(new NewOrder.Item(product.id(), product.sku(), product.name(), product.unitPrice(), item.quantity()));
        }
        if (items.stream().map(i -> i.unitPrice().currency()).distinct().count() > 1) {
            errors.add(new InvalidRequest.FieldError("items", "products are priced in different currencies"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequest(errors.get(0).field() + ": " + errors.get(0).message(), errors);
        }
        String currency = items.get(0).unitPrice().currency();
        CheckoutRequest.Address a = request.shippingAddress();
        return new NewOrder(request.checkoutId(), fingerprint, request.email().trim(),
                new ShippingAddress(a.name(), a.line1(), a.line2(), a.city(), a.state(), a.postalCode(), a.country()),
                items, Money.of(settings.properties().shippingFlatAmount(), currency),
                settings.clock().instant().plus(hold));
    }

    private record Placed(boolean created, Order order, PaymentAttempt attempt) {
    }

    /** A created or repeated checkout: the order, its payment attempt and the key to confirm it with. */
    public record Checkout(boolean created, Order order, PaymentAttempt attempt, String publishableKey) {
    }

    /** Checkout's configuration and clock. */
    record CheckoutSettings(CheckoutProperties properties, Clock clock, TransactionTemplate transactions) {
    }
}
