package dev.checkstand.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.stripe.exception.StripeException;
import dev.checkstand.simulator.StripeSimulator;
import java.util.Map;
import java.util.UUID;

/**
 * Orders placed on an authorization, for a service run with {@code checkstand.capture.mode=on_fulfillment}: the
 * PaymentIntent created, the card authorized as Stripe.js would, and the outcome confirmed.
 */
public final class AuthorizedOrders {

    private AuthorizedOrders() {
    }

    /** {@code quantity} units of {@code product} shipped to London, the order placed with its card authorized. */
    public static Api.Response place(Api api, StripeSimulator stripe, UUID product, int quantity)
            throws StripeException {
        Api.Response checkout = api.post("/api/create-payment-intent", Checkouts.of(product, quantity));
        assertThat(checkout.status()).isEqualTo(201);
        new Browser(stripe.baseUrl(), stripe.publishableKey())
                .pay(checkout.text("paymentIntentId"), checkout.text("clientSecret"), "pm_card_visa");
        Api.Response confirm = api.post("/api/payments/confirm", Map.of("paymentIntentId",
                checkout.text("paymentIntentId")));
        assertThat(confirm.json().path("paymentStatus").asString()).as("the order is placed on its authorization")
                .isEqualTo("authorized");
        return checkout;
    }
}
