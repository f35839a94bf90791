package dev.checkstand.payment;

import dev.checkstand.common.OrderId;
import java.util.UUID;

/**
 * An authorization the order refused (a second one for a placed order, or one for a canceled order): nothing is to
 * be captured of it, so its PaymentIntent is canceled, releasing the hold on the customer's card.
 */
record AuthorizationToRelease(OrderId orderId, UUID attemptId, String paymentIntentId) {
}

