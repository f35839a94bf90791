package dev.checkstand.catalog;

import dev.checkstand.common.Money;
import dev.checkstand.common.ProductId;
import dev.checkstand.seller.SellerId;

/**
 * A product as the catalog sells it; {@code active} is false once it is withdrawn (soft-deleted). {@code sellerId} names
 * the marketplace seller it belongs to, null for the shop's own products.
 */
public record Product(ProductId id, String sku, String name, String description, Money unitPrice, boolean active,
        String printfulVariantId, SellerId sellerId) {
}
