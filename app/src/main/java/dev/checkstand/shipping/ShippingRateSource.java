package dev.checkstand.shipping;

import java.util.List;

/**
 * Live shipping rates from the fulfillment provider, for rules of kind {@code printful}; the fulfillment module offers
 * it. Throws {@link Refused} when the provider answered that it cannot ship these items there (the checkout is then
 * refused); any other runtime exception is no answer (the rule's fallback amount applies).
 */
public interface ShippingRateSource {

    /** The provider's rates for these items to this destination, amounts in {@code currency}'s minor units. */
    List<Rate> rates(Request request);

    /** Items (provider variants) to a destination, priced in {@code currency} (lower case). */
    record Request(String countryCode, String stateCode, String city, String zip, List<Item> items, String currency) {

        public Request {
            items = List.copyOf(items);
        }
    }

    /** One line: the provider's variant and how many. */
    record Item(String variant, int quantity) {
    }

    /** The provider answered: it cannot quote these items to this destination. */
    final class Refused extends RuntimeException {

        public Refused(String message) {
            super(message, null, false, false);
        }
    }

    /** One shipping method the provider offers, with its price in minor units of {@code currency} (lower case). */
    record Rate(String id, String name, long amount, String currency, Integer minDays, Integer maxDays) {
    }
}
