package dev.checkstand.shipping;

import java.util.List;
import java.util.Locale;

/**
 * One shipping rule: for orders in {@code currency} going to one of {@code countries} (ISO 3166-1 alpha-2, or
 * {@link #EVERYWHERE} alone for every country no other rule of the currency names), {@code amount} in the currency's
 * minor units — or, for {@link Kind#PRINTFUL}, Printful's quoted rate with {@code amount} as the fallback — and nothing
 * once the subtotal reaches {@code freeAbove}. {@code method} is the Printful shipping method the order is sent with.
 */
public record ShippingRule(String currency, String zone, List<String> countries, Kind kind, long amount, Long freeAbove,
        String method, String methodName, Integer minDays, Integer maxDays) {

    /** The country list of the rule for every country the currency's other rules do not name. */
    public static final String EVERYWHERE = "*";

    /** What customers read when a rule names no method of its own. */
    public static final String STANDARD_NAME = "Standard shipping";

    /** A rule; a blank or null {@code method} is Printful's standard shipping, a blank {@code methodName} its name. */
    public ShippingRule {
        countries = List.copyOf(countries);
        method = method == null || method.isBlank() ? ShippingQuote.STANDARD : method;
        methodName = methodName == null || methodName.isBlank() ? STANDARD_NAME : methodName;
    }

    /** How the amount is found. */
    public enum Kind {
        /** The rule's amount. */
        FLAT,
        /** Printful's rate for the items and the address, the rule's amount when Printful does not answer in time. */
        PRINTFUL;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Kind of(String wire) {
            return valueOf(wire.toUpperCase(Locale.ROOT));
        }

        /** The kind an admin wrote ({@code flat} or {@code printful}), or empty for anything else. */
        public static java.util.Optional<Kind> parse(String wire) {
            return java.util.Arrays.stream(values()).filter(k -> k.wire().equals(wire)).findFirst();
        }
    }

    boolean names(String country) {
        return countries.contains(country);
    }

    boolean coversEverywhere() {
        return countries.contains(EVERYWHERE);
    }
}
