package dev.checkstand.shipping;

import dev.checkstand.common.Money;
import java.util.Locale;

/**
 * What shipping costs for one cart and destination, and how it goes: the amount in the cart's currency, the Printful
 * shipping method, its name for the customer, the zone whose rule priced it, where the amount came from, and the
 * estimated delivery in days when known.
 */
public record ShippingQuote(Money amount, String method, String methodName, String zone, Source source, Integer minDays,
        Integer maxDays) {

    /** Printful's default shipping method. */
    public static final String STANDARD = "STANDARD";

    /** Where the amount came from. */
    public enum Source {
        /** The rule's flat amount. */
        FLAT,
        /** Nothing: the subtotal reached the rule's free-above threshold. */
        FREE,
        /** Printful's quoted rate. */
        PRINTFUL,
        /** The rule's fallback amount: Printful did not answer in time or could not quote these items. */
        PRINTFUL_FALLBACK;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Source of(String wire) {
            return valueOf(wire.toUpperCase(Locale.ROOT));
        }
    }
}
