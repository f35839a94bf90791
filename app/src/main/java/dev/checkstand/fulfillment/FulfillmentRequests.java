package dev.checkstand.fulfillment;

import dev.checkstand.catalog.Catalog;
import dev.checkstand.catalog.Product;
import dev.checkstand.common.Currencies;
import dev.checkstand.common.Money;
import dev.checkstand.common.ProductId;
import dev.checkstand.fulfillment.provider.ProviderOrderRequest;
import dev.checkstand.order.Order;
import dev.checkstand.order.OrderDetails;
import dev.checkstand.order.ShippingAddress;
import dev.checkstand.shipping.ShippingQuote;
import dev.checkstand.shipping.ShippingQuotes;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * What is sent to the provider for an order: recipient and items from the order's snapshot, each item's provider
 * variant from the catalog as it is now, money as decimals computed from integer minor units, and the shipping method
 * the order was quoted.
 */
@Component
class FulfillmentRequests {

    private final Catalog catalog;
    private final ShippingQuotes shipping;

    FulfillmentRequests(Catalog catalog, ShippingQuotes shipping) {
        this.catalog = catalog;
        this.shipping = shipping;
    }

    /** The products of the order that have no provider variant (none: it can be submitted). */
    List<UUID> missingVariants(OrderDetails details) {
        Map<ProductId, Product> products = products(details);
        List<UUID> missing = new ArrayList<>();
        for (OrderDetails.Item item : details.items()) {
            Product product = products.get(ProductId.of(item.productId()));
            if ((product == null || !hasVariant(product)) && !missing.contains(item.productId())) {
                missing.add(item.productId());
            }
        }
        return missing;
    }

    /** The SKUs of the given products, as the order sold them. */
    static List<String> skus(OrderDetails details, List<UUID> productIds) {
        return details.items().stream().filter(item -> productIds.contains(item.productId()))
                .map(OrderDetails.Item::sku).distinct().toList();
    }

    /** The provider order for the paid order; call only when {@link #missingVariants} is empty. */
    ProviderOrderRequest request(OrderDetails details) {
        Order order = details.order();
        String currency = order.total().currency();
        Map<ProductId, Product> products = products(details);
        List<ProviderOrderRequest.Item> items = new ArrayList<>();
        int line = 1;
        for (OrderDetails.Item item : details.items()) {
            Product product = products.get(ProductId.of(item.productId()));
            if (product == null || !hasVariant(product)) {
                throw new IllegalStateException("product " + item.productId() + " has no provider variant");
            }
            items.add(new ProviderOrderRequest.Item(order.number() + "-" + line++, item.sku(), item.name(),
                    product.printfulVariantId(), item.quantity(), decimal(Money.of(item.unitAmount(), currency))));
        }
        ShippingAddress to = order.shippingAddress();
        return new ProviderOrderRequest(order.number(),
                new ProviderOrderRequest.Recipient(to.name(), to.line1(), to.line2(), to.city(), to.state(),
                        to.country(), to.postalCode(), order.email()),
                items,
                new ProviderOrderRequest.RetailCosts(currency.toUpperCase(Locale.ROOT), decimal(order.subtotal()),
                        decimal(order.shipping()), decimal(order.total())),
                // The method the order was quoted and charged for (orders placed before quotes were kept: standard).
                shipping.of(order.id()).map(ShippingQuote::method).orElse(null));
    }

    /** Minor units as the currency's decimal notation: 1250 gbp is "12.50", 499 jpy is "499". */
    static String decimal(Money money) {
        return BigDecimal.valueOf(money.amount(), Currencies.minorDigits(money.currency())).toPlainString();
    }

    /**
     * Reads the products of the given orders by one statement, for a batch of listener runs that is about to build
     * their requests one order at a time (the catalog keeps them for its runs).
     */
    void readAhead(Collection<OrderDetails> orders) {
        catalog.products(productIds(orders));
    }

    private Map<ProductId, Product> products(OrderDetails details) {
        return catalog.products(productIds(List.of(details)));
    }

    private static List<ProductId> productIds(Collection<OrderDetails> orders) {
        return orders.stream().flatMap(details -> details.items().stream())
                .map(item -> ProductId.of(item.productId())).distinct().toList();
    }

    private static boolean hasVariant(Product product) {
        return product.printfulVariantId() != null && !product.printfulVariantId().isBlank();
    }
}
