package dev.checkstand.fulfillment.provider;

/**
 * One way the provider would ship: its id (Printful's {@code STANDARD}, {@code EXPRESS}, ..., what an order names as
 * its shipping method), its name as the provider words it, its price in minor units of the lower-case ISO currency, and
 * the delivery estimate in business days after fulfillment (null where the provider gave none).
 */
public record ShippingRate(String id, String name, long amount, String currency, Integer minDeliveryDays,
        Integer maxDeliveryDays) {
}
