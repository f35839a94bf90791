package dev.checkstand.catalog;

import dev.checkstand.common.ProductId;

/**
 * Published in the transaction that changed a product's data (an admin's {@code PUT}): listeners read the product as
 * it now is, e.g. fulfillment submits what waited for the product's Printful variant.
 */
public record ProductChanged(ProductId productId) {
}
