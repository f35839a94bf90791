package dev.checkstand.catalog;

import dev.checkstand.common.Money;
import dev.checkstand.common.NotFound;
import dev.checkstand.common.ProductId;
import dev.checkstand.common.Problem;
import dev.checkstand.common.InvalidRequest;
import dev.checkstand.inventory.Inventory;
import dev.checkstand.seller.Marketplace;
import dev.checkstand.seller.SellerId;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Catalog management for admins. Deleting is a soft delete: the product leaves the storefront, and orders already
 * placed for it complete on their price snapshot.
 */
@Service
public class CatalogAdministration {

    private final Products products;
    private final Inventory inventory;
    private final Marketplace marketplace;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    CatalogAdministration(Products products, Inventory inventory, Marketplace marketplace,
            ApplicationEventPublisher events, Clock clock) {
        this.products = products;
        this.inventory = inventory;
        this.marketplace = marketplace;
        this.events = events;
        this.clock = clock;
    }

    /** Every product not deleted, with its stock. */
    @Transactional(readOnly = true)
    public List<Stocked> all() {
        return products.all().stream().map(this::stocked).toList();
    }

    /** One product with its stock. */
    @Transactional(readOnly = true)
    public Stocked get(ProductId id) {
        return stocked(products.byId(id).orElseThrow(() -> notFound(id)));
    }

    /** Creates a product with its initial stock; a taken SKU is refused, and so is an unknown seller (400). */
    @Transactional
    public Stocked create(ProductData data, int onHand) {
        requireKnownSeller(data);
        Product product = data.toProduct(ProductId.of(UUID.randomUUID()));
        try {
            products.insert(product, clock.instant());
        } catch (DuplicateKeyException e) {
            throw new SkuTaken(data.sku());
        }
        inventory.track(product.id(), onHand);
        return stocked(product);
    }

    /** Replaces a product's data (not its stock) and publishes {@link ProductChanged}. */
    @Transactional
    public Stocked update(ProductId id, ProductData data) {
        requireKnownSeller(data);
        try {
            if (!products.update(data.toProduct(id), clock.instant())) {
                throw notFound(id);
            }
        } catch (DuplicateKeyException e) {
            throw new SkuTaken(data.sku());
        }
        events.publishEvent(new ProductChanged(id));
        return get(id);
    }

    /** Withdraws the product from sale for good; its rows stay for the orders that sold it. */
    @Transactional
    public void delete(ProductId id) {
        if (!products.softDelete(id, clock.instant())) {
            throw notFound(id);
        }
    }

    private void requireKnownSeller(ProductData data) {
        if (data.sellerId() != null && marketplace.seller(data.sellerId()).isEmpty()) {
            throw InvalidRequest.of("sellerId", "unknown seller");
        }
    }

    private Stocked stocked(Product product) {
        return new Stocked(product, inventory.level(product.id()).orElse(new Inventory.Level(0, 0)));
    }

    private static NotFound notFound(ProductId id) {
        return new NotFound("product_not_found", "No product " + id);
    }

    /** A product with its stock level. */
    public record Stocked(Product product, Inventory.Level stock) {
    }

    /** The fields an admin sets on a product; {@code sellerId} null for the shop's own products. */
    public record ProductData(String sku, String name, String description, Money unitPrice, boolean active,
            String printfulVariantId, SellerId sellerId) {

        Product toProduct(ProductId id) {
            return new Product(id, sku, name, description == null ? "" : description, unitPrice, active, printfulVariantId,
                    sellerId);
        }
    }

    /** Another product already has this SKU. */
    static final class SkuTaken extends Problem {

        SkuTaken(String sku) {
            super(409, "sku_taken", "SKU taken", "Another product already has SKU " + sku);
        }
    }
}
