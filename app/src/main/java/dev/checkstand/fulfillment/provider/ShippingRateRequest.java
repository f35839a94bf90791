package dev.checkstand.fulfillment.provider;

import dev.checkstand.common.Currencies;
import java.util.List;
import java.util.Objects;

/**
 * What shipping rates are asked for: the destination (an ISO 3166-1 alpha-2 country code; state code, city and postal
 * code where known, else null), the items by their provider variant, and the currency the rates are wanted in
 * (lower-case ISO 4217, as {@link dev.checkstand.common.Money} counts it).
 */
public record ShippingRateRequest(String countryCode, String stateCode, String city, String zip, List<Item> items,
        String currency) {

    public ShippingRateRequest {
        Objects.requireNonNull(countryCode, "countryCode");
        items = List.copyOf(items);
        if (items.isEmpty()) {
            throw new IllegalArgumentException("shipping rates need at least one item");
        }
        if (!Currencies.isWellFormed(currency)) {
            throw new IllegalArgumentException("currency must be three lower-case letters: " + currency);
        }
    }

    /** One line: the provider's variant for it (a product's {@code printfulVariantId}) and how many. */
    public record Item(String variant, int quantity) {

        public Item {
            Objects.requireNonNull(variant, "variant");
            if (quantity < 1) {
                throw new IllegalArgumentException("quantity must be at least 1, was " + quantity);
            }
        }
    }
}
