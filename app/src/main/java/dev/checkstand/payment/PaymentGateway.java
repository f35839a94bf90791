package dev.checkstand.payment;

import dev.checkstand.common.Money;
import java.util.Map;

/** The payment provider as the service uses it. Implemented over stripe-java; never called inside a transaction. */
public interface PaymentGateway {

    /** Creates a PaymentIntent; the idempotency key makes a repeat return the same PaymentIntent. */
    GatewayResult<PaymentIntentSnapshot> createPaymentIntent(NewPaymentIntent request);

    /** Reads the current state of a PaymentIntent. */
    GatewayResult<PaymentIntentSnapshot> retrievePaymentIntent(String paymentIntentId);

    /** The publishable key the storefront confirms payments with. */
    String publishableKey();

    /** A PaymentIntent to create. */
    record NewPaymentIntent(Money amount, String idempotencyKey, Map<String, String> metadata, String description,
            String receiptEmail) {
    }
}
