package dev.checkstand.order;

import dev.checkstand.common.OrderId;

/**
 * An order holding an authorization reached production at its provider (or a later step): its fulfillment is
 * certain, so its payment is to be captured. Published with each such fulfillment change; capturing is idempotent.
 */
public record CaptureDue(OrderId orderId, String fulfillmentStatus) {
}
