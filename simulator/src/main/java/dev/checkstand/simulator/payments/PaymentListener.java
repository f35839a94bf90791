package dev.checkstand.simulator.payments;

import dev.checkstand.simulator.api.RequestContext;

/** Told when a PaymentIntent leaves {@code requires_action} or {@code processing} on its own: authentication or settlement. */
@FunctionalInterface
public interface PaymentListener {

  /** The PaymentIntent (made by {@code checkoutSession}, or null) now has {@code status}: succeeded, requires_capture, requires_confirmation or requires_payment_method. Called outside its lock. */
  void paymentChanged(String paymentIntentId, String checkoutSession, String status,
      RequestContext context);
}
