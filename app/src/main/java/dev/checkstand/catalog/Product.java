package dev.checkstand.catalog;

import dev.checkstand.common.Money;
import dev.checkstand.common.ProductId;

/** A product as the catalog sells it; {@code active} is false once it is withdrawn (soft-deleted). */
public record Product(ProductId id, String sku, String name, String description, Money unitPrice, boolean active,
        String printfulVariantId) {
}
