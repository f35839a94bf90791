package dev.checkstand.fulfillment.provider;

import java.util.List;

/**
 * What is sent to the provider for one paid order: the external id (the order number), the recipient, the items with
 * their provider variants, what the customer paid, in the currency's decimal notation (from integer minor units), and
 * the shipping method — a {@link ShippingRate#id()}, e.g. {@code STANDARD}; null for the provider's standard shipping.
 */
public record ProviderOrderRequest(String externalId, Recipient recipient, List<Item> items, RetailCosts retailCosts,
        String shippingMethod) {

    public ProviderOrderRequest {
        items = List.copyOf(items);
    }

    /** Where the order goes. */
    public record Recipient(String name, String address1, String address2, String city, String stateCode,
            String countryCode, String zip, String email) {
    }

    /** One line: our SKU and name, the provider's variant for it, how many, and the unit retail price as a decimal. */
    public record Item(String externalId, String sku, String name, String variant, int quantity, String retailPrice) {
    }

    /** The order's retail costs as decimals, e.g. {@code "12.50"}, in an upper-case ISO currency. */
    public record RetailCosts(String currency, String subtotal, String shipping, String total) {
    }
}
