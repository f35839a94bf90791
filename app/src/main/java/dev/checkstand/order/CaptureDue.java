package dev.checkstand.order;

import dev.checkstand.common.OrderId;

/**
 * An order holding an authorization reached production at its provider (or a later step), or its provider canceled
 * it: what it will ship is now certain, and {@code amount} of the authorization is to be captured — the items the
 * provider is making and the shipping charged, or all of it when the provider did not say — the rest released; 0
 * when nothing will ship (the whole authorization is released). Published with each such fulfillment change; the
 * first decision about an authorization stands.
 */
public record CaptureDue(OrderId orderId, String fulfillmentStatus, long amount) {
}
