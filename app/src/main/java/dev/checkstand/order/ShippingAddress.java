package dev.checkstand.order;

/** Where an order ships to. {@code country} is an ISO 3166-1 alpha-2 code. */
public record ShippingAddress(String name, String line1, String line2, String city, String state, String postalCode,
        String country) {
}
