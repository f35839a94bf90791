package dev.checkstand.simulator.payments;

import java.util.List;
import java.util.Map;

/** What a Checkout Session asks of the PaymentIntent it creates when the customer pays; {@code connect} from {@code payment_intent_data}. */
public record CheckoutPayment(
    long amount,
    String currency,
    String captureMethod,
    String description,
    String receiptEmail,
    Map<String, String> metadata,
    List<String> paymentMethodTypes,
    ConnectTerms connect) {}
