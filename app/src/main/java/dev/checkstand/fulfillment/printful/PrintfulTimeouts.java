package dev.checkstand.fulfillment.printful;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long a call to Printful that a customer waits for may take: {@code CHECKSTAND_SHIPPING_QUOTE_TIMEOUT}, the whole
 * of a shipping-rates call (connecting, sending and reading the answer), after which it fails as unavailable.
 */
@ConfigurationProperties("checkstand.printful")
public record PrintfulTimeouts(@DefaultValue("3s") Duration ratesTimeout) {

    public PrintfulTimeouts {
        if (ratesTimeout == null || ratesTimeout.isNegative() || ratesTimeout.isZero()) {
            throw new IllegalArgumentException("CHECKSTAND_SHIPPING_QUOTE_TIMEOUT must be a positive duration, e.g. 3s");
        }
    }
}
