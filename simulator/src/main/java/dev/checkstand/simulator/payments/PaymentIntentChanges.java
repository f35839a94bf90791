package dev.checkstand.simulator.payments;

import java.util.List;

/** The validated parameters of {@code POST /v1/payment_intents/{id}}; null means "not sent". */
record PaymentIntentChanges(
    Long amount,
    String currency,
    String captureMethod,
    List<String> paymentMethodTypes,
    PaymentMethod paymentMethod,
    String description,
    String receiptEmail,
    Object metadata,
    Long transferAmount,
    Long applicationFeeAmount) {}
