package dev.checkstand.fulfillment;

import dev.checkstand.common.OrderId;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Published once per package the provider shipped, in the transaction that first recorded it — however often the
 * provider reports it. A reshipment is a package of its own.
 */
public record ShipmentSent(OrderId orderId, UUID shipmentId, String carrier, String service, String trackingNumber,
        String trackingUrl, Instant shippedAt, boolean reshipment, List<ShippedItem> items) {

    public ShipmentSent {
        items = List.copyOf(items);
    }

    /** So many of a SKU in the package. */
    public record ShippedItem(String sku, int quantity) {
    }
}
