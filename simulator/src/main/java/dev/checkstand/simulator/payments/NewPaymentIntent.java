package dev.checkstand.simulator.payments;

import java.util.List;
import java.util.Map;

/** The validated parameters of {@code POST /v1/payment_intents}. */
record NewPaymentIntent(
    long amount,
    String currency,
    String captureMethod,
    String confirmationMethod,
    String description,
    String receiptEmail,
    Map<String, String> metadata,
    List<String> paymentMethodTypes,
    AutomaticPaymentMethods automaticPaymentMethods,
    boolean createdByCheckout) {

  /** {@code automatic_payment_methods}: null when explicit {@code payment_method_types} were given. */
  record AutomaticPaymentMethods(boolean enabled, String allowRedirects) {}
}
