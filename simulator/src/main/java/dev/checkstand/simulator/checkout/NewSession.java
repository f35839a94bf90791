package dev.checkstand.simulator.checkout;

import dev.checkstand.simulator.payments.CheckoutPayment;
import java.util.List;
import java.util.Map;

/** The validated parameters of {@code POST /v1/checkout/sessions}. */
record NewSession(
    List<LineItem> lineItems,
    String currency,
    long amountTotal,
    String successUrl,
    String cancelUrl,
    String clientReferenceId,
    String customerEmail,
    Map<String, String> metadata,
    long expiresAt,
    String locale,
    String submitType,
    List<String> paymentMethodTypes,
    CheckoutPayment payment) {}
