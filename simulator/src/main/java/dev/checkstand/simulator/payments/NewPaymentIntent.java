package dev.checkstand.simulator.payments;

import java.util.List;
import java.util.Map;

/**
 * The validated parameters of {@code POST /v1/payment_intents}; {@code checkoutSession} names the Checkout Session
 * that made it, or is null; {@code account} is the connected account it was made as ({@code Stripe-Account}), null
 * for the platform.
 */
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
    String checkoutSession,
    String account,
    ConnectTerms connect) {

  /** {@code automatic_payment_methods}: null when explicit {@code payment_method_types} were given. */
  record AutomaticPaymentMethods(boolean enabled, String allowRedirects) {}
}
