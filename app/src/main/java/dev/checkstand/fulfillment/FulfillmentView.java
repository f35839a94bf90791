package dev.checkstand.fulfillment;

import java.time.Instant;
import java.util.List;

/**
 * An order's fulfillment as API.md's {@code fulfillments[]} shows it; {@code providerStatus} is the provider's own
 * word for it ({@code draft} when orders are left for review) and {@code blockedSkus} names what lacks a variant.
 */
public record FulfillmentView(String provider, String externalId, Long providerOrderId, String status,
        String providerStatus, int attempts, String lastError, List<String> blockedSkus, List<Shipment> shipments) {

    /** One package. */
    public record Shipment(String carrier, String service, String trackingNumber, String trackingUrl,
            Instant shippedAt, boolean reshipment, List<ShipmentSent.ShippedItem> items) {
    }
}
