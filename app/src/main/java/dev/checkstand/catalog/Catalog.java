package dev.checkstand.catalog;

import dev.checkstand.common.ProductId;
import dev.checkstand.inventory.Inventory;
import dev.checkstand.platform.BatchReads;
import java.util.Collection;
import java.util.List;
import java.util.Map;
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

    /**
     * The named products, active or not, keyed by id; unknown ids are absent. Inside a batch of listener runs
     * ({@link BatchReads}) each product is read once, for its first run that asks: a batch's paid orders often share
     * their products, and nothing in a batch changes one.
     */
    @Transactional(readOnly = true)
    public Map<ProductId, Product> products(Collection<ProductId> ids) {
        return BatchReads.sharedAll(ids, Read::new, unread -> products.byIds(unread).stream()
                .collect(Collectors.toMap(Product::id, product -> product)));
    }

    // What a batch of listener runs keeps a product under.
    private record Read(ProductId id) {
    }

    /** A product and how many units can be bought now. */
    public record Listing(Product product, int available) {
    }
}
