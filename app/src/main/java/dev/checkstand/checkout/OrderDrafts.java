package dev.checkstand.checkout;

import dev.checkstand.catalog.Catalog;
import dev.checkstand.catalog.Product;
import dev.checkstand.common.Countries;
import dev.checkstand.common.InvalidRequest;
import dev.checkstand.common.ProductId;
import dev.checkstand.order.NewOrder;
import dev.checkstand.order.Order;
import dev.checkstand.order.OrderManagement;
import dev.checkstand.order.ShippingAddress;
import dev.checkstand.seller.SellerId;
import dev.checkstand.shipping.ShippingQuote;
import dev.checkstand.shipping.ShippingQuotes;
import dev.checkstand.shipping.ShippingRateSource;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Turns a checkout request into the order to place: the products as the catalog sells them now, validated together
 * (every field error at once), shipping priced, and the stock hold for the kind of payment.
 */
@Component
class OrderDrafts {


    private final Catalog catalog;
    private final OrderManagement orders;
    private final ShippingQuotes shipping;
    private final CheckoutProperties properties;
    private final LocalPort port;
    private final Clock clock;

    OrderDrafts(Catalog catalog, OrderManagement orders, ShippingQuotes shipping, CheckoutProperties properties,
            LocalPort port, Clock clock) {
        this.catalog = catalog;
        this.orders = orders;
        this.shipping = shipping;
        this.properties = properties;
        this.port = port;
        this.clock = clock;
    }

    /** How long stock is held: the configured hold, and for a Checkout Session at least Stripe's minimum lifetime. */
    Duration hold(boolean checkoutSession) {
        Duration hold = properties.reservationHold();
        return checkoutSession && hold.compareTo(CheckoutService.MIN_SESSION_HOLD) < 0 ? CheckoutService.MIN_SESSION_HOLD : hold;
    }

    /**
     * Where a Checkout Session sends the customer back to: the storefront's pages, each an absolute http(s) URL on the
     * service's own origin or one of {@code CHECKSTAND_ALLOWED_REDIRECT_ORIGINS}, else the service's own pages. A URL
     * on any other origin is refused (400 naming the field) before anything is created.
     */
    SessionUrls sessionUrls(CheckoutRequest request) {
        RedirectOrigins allowed = properties.redirectOrigins(port.get());
        List<InvalidRequest.FieldError> errors = new ArrayList<>();
        String success = redirect("successUrl", request.successUrl(), properties.successUrl(port.get()), allowed, errors);
        String cancel = redirect("cancelUrl", request.cancelUrl(), properties.cancelUrl(port.get()), allowed, errors);
        if (!errors.isEmpty()) {
            throw new InvalidRequest(errors.get(0).field() + ": " + errors.get(0).message(), errors);
        }
        return new SessionUrls(success, cancel);
    }

    /** The service's own success and cancel pages. */
    SessionUrls ownSessionUrls() {
        return new SessionUrls(properties.successUrl(port.get()), properties.cancelUrl(port.get()));
    }

    private static String redirect(String field, String requested, String own, RedirectOrigins allowed,
            List<InvalidRequest.FieldError> errors) {
        if (requested == null || requested.isBlank()) {
            return own;
        }
        if (!allowed.allow(requested)) {
            errors.add(new InvalidRequest.FieldError(field,
                    "must be an absolute http or https URL on the service's own origin or an allowed redirect origin"));
        }
        return requested;
    }

    /** Where a Checkout Session sends the customer after paying and after giving up. */
    record SessionUrls(String success, String cancel) {
    }

    /** The instant a hold of {@code hold} starting now ends. */
    java.time.Instant holdUntil(Duration hold) {
        return clock.instant().plus(hold);
    }

    /**
     * The order to place and the shipping quote it is charged (no quote for a repeat of a checkout placed before), and
     * the marketplace seller whose products it sells (null for the shop's own).
     */
    record Draft(NewOrder order, ShippingQuote shipping, SellerId seller) {
    }

    /**
     * The order for {@code request}, shipping priced by the shop's rules (a call to Printful for a rule of kind
     * printful: made here, outside any transaction); 400 with every field error when the request cannot be an order.
     * A repeat of a checkout already placed is not priced again: it is answered with the order placed (whatever the
     * rules say now), or refused as a conflict when its content differs.
     */
    Draft draft(CheckoutRequest request, String fingerprint, Duration hold) {
        CheckoutRequest.Address a = request.shippingAddress();
        Lines lines = lines(request.items(), a.country(), "shippingAddress.country");
        Optional<Order> placed = orders.placedFor(request.checkoutId());
        ShippingQuote quote = placed.isPresent() ? null : shipping.quote(lines.toShip(a.country(), a.state(), a.city(),
                a.postalCode(), "shippingAddress.country"));
        return new Draft(new NewOrder(request.checkoutId(), fingerprint, request.email().trim(),
                new ShippingAddress(a.name(), a.line1(), a.line2(), a.city(), a.state(), a.postalCode(), a.country()),
                lines.items(), quote == null ? placed.get().shipping() : quote.amount(), clock.instant().plus(hold)),
                quote, lines.seller());
    }

    /** What shipping {@code items} to the address costs, priced as a checkout of them is, and their subtotal. */
    CheckoutService.ShippingQuoted quote(List<CheckoutRequest.Item> items, String country, String state, String city,
            String postalCode, String countryField) {
        Lines lines = lines(items, country, countryField);
        return new CheckoutService.ShippingQuoted(shipping.quote(lines.toShip(country, state, city, postalCode,
                countryField)), lines.subtotal());
    }

    // A cart's lines as the catalog sells them now, checked together: every field error at once, as a 400.
    private Lines lines(List<CheckoutRequest.Item> requested, String country, String countryField) {
        List<InvalidRequest.FieldError> errors = new ArrayList<>();
        if (!Countries.isKnown(country)) {
            errors.add(new InvalidRequest.FieldError(countryField, "unknown country code"));
        }
        Set<ProductId> ids = new HashSet<>();
        for (int i = 0; i < requested.size(); i++) {
            if (!ids.add(ProductId.of(requested.get(i).productId()))) {
                errors.add(new InvalidRequest.FieldError("items[" + i + "].productId", "product listed twice"));
            }
        }
        Map<ProductId, Product> products = catalog.products(ids);
        List<NewOrder.Item> items = new ArrayList<>();
        List<ShippingRateSource.Item> variants = new ArrayList<>();
        Set<Optional<SellerId>> sellers = new HashSet<>();
        for (int i = 0; i < requested.size(); i++) {
            CheckoutRequest.Item item = requested.get(i);
            Product product = products.get(ProductId.of(item.productId()));
            if (product == null || !product.active()) {
                errors.add(new InvalidRequest.FieldError("items[" + i + "].productId", "unknown or inactive product"));
                continue;
            }
            items.add(new NewOrder.Item(product.id(), product.sku(), product.name(), product.unitPrice(), item.quantity()));
            variants.add(new ShippingRateSource.Item(product.printfulVariantId(), item.quantity()));
            sellers.add(Optional.ofNullable(product.sellerId()));
        }
        // One charge goes to one seller's account: a cart mixing sellers (or a seller's products with the shop's own)
        // is checked out once per seller.
        if (sellers.size() > 1) {
            errors.add(new InvalidRequest.FieldError("items", "products of different sellers cannot be bought in one"
                    + " checkout: check out each seller's products separately"));
        }
        if (items.stream().map(i -> i.unitPrice().currency()).distinct().count() > 1) {
            errors.add(new InvalidRequest.FieldError("items", "products are priced in different currencies"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequest(errors.get(0).field() + ": " + errors.get(0).message(), errors);
        }
        return new Lines(items, variants, sellers.stream().flatMap(Optional::stream).findFirst().orElse(null));
    }

    private record Lines(List<NewOrder.Item> items, List<ShippingRateSource.Item> variants, SellerId seller) {

        long subtotal() {
            return items.stream().mapToLong(i -> i.lineTotal().amount()).sum();
        }

        ShippingQuotes.Cart toShip(String country, String state, String city, String postalCode, String countryField) {
            return new ShippingQuotes.Cart(items.get(0).unitPrice().currency(), subtotal(),
                    new ShippingQuotes.Destination(country, state, city, postalCode, countryField), variants);
        }
    }
}
