package dev.checkstand.fulfillment.provider;

import java.time.Instant;
import java.util.List;

/**
 * An order as the provider holds it now: its id, status in the provider's words, when it last changed (null when the
 * provider did not say), its items and every package shipped.
 */
public record ProviderOrder(long id, String externalId, String status, Instant updated, List<Item> items,
        List<Shipment> shipments) {

    public ProviderOrder {
        items = List.copyOf(items);
        shipments = List.copyOf(shipments);
    }

    /**
     * An item of the order: the provider's id for it, the SKU we sent (else the line's external id), the line's
     * external id as we sent it ({@code <order number>-<line>}; null when the provider did not say) and its quantity.
     */
    public record Item(long id, String sku, String externalId, int quantity) {
    }

    /** One package: its provider id, carrier and tracking, when it left, and which items in what quantity. */
    public record Shipment(String id, String carrier, String service, String trackingNumber, String trackingUrl,
            Instant shippedAt, boolean reshipment, List<ShippedItem> items) {

        public Shipment {
            items = List.copyOf(items);
        }
    }

    /** So many of an order item in a package. */
    public record ShippedItem(long itemId, int quantity) {
    }
}
