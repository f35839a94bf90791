package dev.checkstand.checkout;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long stock is held for an unpaid checkout ({@code CHECKSTAND_RESERVATION_HOLD}) and the flat shipping charge
 * in minor units of the order's currency ({@code CHECKSTAND_SHIPPING_FLAT_AMOUNT}), and the service's public URL
 * ({@code CHECKSTAND_PUBLIC_URL}) for the default success and cancel pages.
 */
@ConfigurationProperties("checkstand.checkout")
record CheckoutProperties(@DefaultValue("30m") Duration reservationHold, @DefaultValue("499") long shippingFlatAmount,
        @DefaultValue("http://localhost:8080") String publicUrl) {

    /** Where Stripe sends the customer after paying, unless the storefront names a page. */
    String successUrl() {
        return publicUrl.replaceAll("/+$", "") + "/checkout/success?session_id={CHECKOUT_SESSION_ID}";
    }

    /** Where Stripe sends the customer who gives up, unless the storefront names a page. */
    String cancelUrl() {
        return publicUrl.replaceAll("/+$", "") + "/checkout/cancel?session_id={CHECKOUT_SESSION_ID}";
    }


    CheckoutProperties {
        if (reservationHold.isNegative() || reservationHold.isZero()) {
            throw new IllegalArgumentException("CHECKSTAND_RESERVATION_HOLD must be positive");
        }
        if (shippingFlatAmount < 0) {
            throw new IllegalArgumentException("CHECKSTAND_SHIPPING_FLAT_AMOUNT must not be negative");
        }
    }
}
