package dev.checkstand.bench;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.PaymentIntent;
import com.stripe.param.PaymentIntentConfirmParams;

/** Pays a PaymentIntent the way Stripe.js in the customer's browser does: publishable key plus client secret. */
public final class Browser {

    private final StripeClient stripe;

    public Browser(String apiBase, String publishableKey) {
        this.stripe = StripeClient.builder().setApiKey(publishableKey).setApiBase(apiBase).build();
    }

    /** Confirms with a test card that succeeds; returns the PaymentIntent's status. */
    public String pay(String paymentIntentId, String clientSecret) {
        try {
            PaymentIntent paid = stripe.v1().paymentIntents().confirm(paymentIntentId, PaymentIntentConfirmParams.builder()
                    .setPaymentMethod("pm_card_visa")
                    .putExtraParam("client_secret", clientSecret)
                    .build());
            return paid.getStatus();
        } catch (StripeException e) {
            throw new IllegalStateException("payment of " + paymentIntentId + " failed: " + e.getMessage(), e);
        }
    }
}
