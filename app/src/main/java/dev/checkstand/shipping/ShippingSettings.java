package dev.checkstand.shipping;

import dev.checkstand.common.Currencies;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The default rule, in force while the admin has stored none: {@code CHECKSTAND_SHIPPING_FLAT_AMOUNT} (minor units) in
 * the shop's default currency {@code CHECKSTAND_DEFAULT_CURRENCY}, to every country. Orders in any other currency need
 * a rule of their own. {@code CHECKSTAND_SHIPPING_QUOTE_TIMEOUT}: the longest a quote waits for Printful's rates in all.
 */
@ConfigurationProperties("checkstand.shipping")
record ShippingSettings(@DefaultValue("gbp") String defaultCurrency, @DefaultValue("499") long flatAmount,
        @DefaultValue("3s") java.time.Duration quoteTimeout) {

    ShippingSettings {
        if (!Currencies.isWellFormed(defaultCurrency)) {
            throw new IllegalArgumentException("CHECKSTAND_DEFAULT_CURRENCY must be a lower-case ISO 4217 code, e.g. gbp");
        }
        if (quoteTimeout.isNegative() || quoteTimeout.isZero()) {
            throw new IllegalArgumentException("CHECKSTAND_SHIPPING_QUOTE_TIMEOUT must be positive");
        }
        if (flatAmount < 0) {
            throw new IllegalArgumentException("CHECKSTAND_SHIPPING_FLAT_AMOUNT must not be negative");
        }
    }

    ShippingRule defaultRule() {
        return new ShippingRule(defaultCurrency, "Everywhere", List.of(ShippingRule.EVERYWHERE), ShippingRule.Kind.FLAT,
                flatAmount, null, null, null, null, null);
    }
}
