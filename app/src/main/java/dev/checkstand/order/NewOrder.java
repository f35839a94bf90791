package dev.checkstand.order;

import dev.checkstand.common.Money;
import dev.checkstand.common.ProductId;
import java.time.Instant;
import java.util.List;

/** Everything needed to place a pending order for a checkout. */
public record NewOrder(String checkoutId, String checkoutFingerprint, String email, ShippingAddress shippingAddress,
        List<Item> items, Money shipping, Instant reservationExpiresAt) {

    public NewOrder {
        items = List.copyOf(items);
        if (items.isEmpty()) {
            throw new IllegalArgumentException("an order needs at least one item");
        }
    }

    public Money subtotal() {
        Money sum = Money.of(0, shipping.currency());
        for (Item item : items) {
            sum = sum.plus(item.lineTotal());
        }
        return sum;
    }

    /** One order line with the price it was sold at. */
    public record Item(ProductId productId, String sku, String name, Money unitPrice, int quantity) {

        public Money lineTotal() {
            return unitPrice.times(quantity);
        }
    }
}
