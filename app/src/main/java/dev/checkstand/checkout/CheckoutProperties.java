package dev.checkstand.checkout;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long stock is held for an unpaid checkout ({@code CHECKSTAND_RESERVATION_HOLD}) and the flat shipping charge
 * in minor units of the order's currency ({@code CHECKSTAND_SHIPPING_FLAT_AMOUNT}).
 */
@ConfigurationProperties("checkstand.checkout")
record CheckoutProperties(@DefaultValue("30m") Duration reservationHold, @DefaultValue("499") long shippingFlatAmount) {

    CheckoutProperties {
        if (reservationHold.isNegative() || reservationHold.isZero()) {
            throw new IllegalArgumentException("CHECKSTAND_RESERVATION_HOLD must be positive");
        }
        if (shippingFlatAmount < 0) {
            throw new IllegalArgumentException("CHECKSTAND_SHIPPING_FLAT_AMOUNT must not be negative");
        }
    }
}
