package dev.checkstand.catalog;

import dev.checkstand.common.ProductId;
import dev.checkstand.inventory.Inventory;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** What the shop sells and how many of each can still be bought. */
@Service
public class Catalog {

    private final Products products;
    private final Inventory inventory;

    Catalog(Products products, Inventory inventory) {
        this.products = products;
        this.inventory = inventory;
    }

    /** Active products with their availability (on hand minus reserved). */
    @Transactional(readOnly = true)
    public List<Listing> listings() {
        List<Product> active = products.active();
        Map<ProductId, Integer> available = inventory.available(active.stream().map(Product::id).toList());
        return active.stream().map(p -> new Listing(p, available.getOrDefault(p.id(), 0))).toList();
    }

    /** The named products, active or not, keyed by id; unknown ids are absent. */
    @Transactional(readOnly = true)
    public Map<ProductId, Product> products(Collection<ProductId> ids) {
        return products.byIds(ids).stream().collect(Collectors.toMap(Product::id, Function.identity()));
    }

    /** A product and how many units can be bought now. */
    public record Listing(Product product, int available) {
    }
}
