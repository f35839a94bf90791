package dev.checkstand.checkout;

import dev.checkstand.common.Problem;
import dev.checkstand.inventory.Reservation;
import java.util.List;
import java.util.Map;

/** Some items cannot be reserved; nothing was created. */
final class ItemsOutOfStock extends Problem {

    private final List<Map<String, Object>> items;

    ItemsOutOfStock(List<Reservation.ShortItem> shortItems) {
        super(409, "out_of_stock", "Out of stock", "Not enough stock for " + shortItems.size() + " item(s)");
        this.items = shortItems.stream()
                .map(i -> Map.<String, Object>of("productId", i.productId().value(), "requested", i.requested(),
                        "available", i.available()))
                .toList();
    }

    @Override
    public Map<String, Object> properties() {
        return Map.of("items", items);
    }
}
