package dev.checkstand.support;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.PaymentIntent;
import com.stripe.param.PaymentIntentConfirmParams;

/** Confirms PaymentIntents the way Stripe.js in a browser does: publishable key plus client secret. */
public final class Browser {

    private final StripeClient stripe;

    public Browser(String apiBase, String publishableKey) {
        this.stripe = StripeClient.builder().setApiKey(publishableKey).setApiBase(apiBase).build();
    }

    public PaymentIntent pay(String paymentIntentId, String clientSecret, String paymentMethod) throws StripeException {
        return stripe.v1().paymentIntents().confirm(paymentIntentId, PaymentIntentConfirmParams.builder()
                .setPaymentMethod(paymentMethod)
                .putExtraParam("client_secret", clientSecret)
                .build());
    }
}
