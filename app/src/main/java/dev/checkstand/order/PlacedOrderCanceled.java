package dev.checkstand.order;

import dev.checkstand.common.OrderId;

/**
 * A placed order was canceled before anything was taken: its authorization was released ({@code reason} says why:
 * {@code admin}, {@code authorization_expiring}, {@code authorization_lapsed}, {@code capture_refused}). Its
 * fulfillment is to be stopped and its customer told. Published once, in the transaction that canceled it.
 */
public record PlacedOrderCanceled(OrderId orderId, String reason) {
}
