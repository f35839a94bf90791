package dev.checkstand.fulfillment;

import dev.checkstand.common.OrderId;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The shipments table: every package once, keyed by the provider's id for it. */
@Repository
class Shipments {

    private static final TypeReference<List<ShipmentSent.ShippedItem>> ITEMS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JsonMapper json;

    Shipments(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Records the package unless it was recorded before; true when this call recorded it. */
    boolean insertIfNew(UUID id, OrderId orderId, String providerShipmentId, FulfillmentView.Shipment shipment,
            Instant now) {
        return jdbc.sql("""
                insert into shipments (id, order_id, provider_shipment_id, carrier, service, tracking_number,
                                       tracking_url, shipped_at, reshipment, items, created_at)
                values (:id, :orderId, :providerId, :carrier, :service, :trackingNumber, :trackingUrl, :shippedAt,
                        :reshipment, cast(:items as jsonb), :now)
                on conflict (order_id, provider_shipment_id) do nothing""")
                .param("id", id)
                .param("orderId", orderId.value())
                .param("providerId", providerShipmentId)
                .param("carrier", shipment.carrier())
                .param("service", shipment.service())
                .param("trackingNumber", shipment.trackingNumber())
                .param("trackingUrl", shipment.trackingUrl())
                .param("shippedAt", Timestamp.from(shipment.shippedAt()))
                .param("reshipment", shipment.reshipment())
                .param("items", json.writeValueAsString(shipment.items()))
                .param("now", Timestamp.from(now))
                .update() == 1;
    }

    /** The provider ids of the order's packages already recorded. */
    List<String> providerIds(OrderId orderId) {
        return jdbc.sql("select provider_shipment_id from shipments where order_id = :orderId")
                .param("orderId", orderId.value())
                .query(String.class)
                .list();
    }

    /** The order's packages, in the order they left. */
    List<FulfillmentView.Shipment> of(OrderId orderId) {
        return jdbc.sql("""
                select carrier, service, tracking_number, tracking_url, shipped_at, reshipment, items
                  from shipments where order_id = :orderId order by shipped_at, created_at""")
                .param("orderId", orderId.value())
                .query((rs, n) -> new FulfillmentView.Shipment(rs.getString("carrier"), rs.getString("service"),
                        rs.getString("tracking_number"), rs.getString("tracking_url"),
                        rs.getTimestamp("shipped_at").toInstant(), rs.getBoolean("reshipment"),
                        json.readValue(rs.getString("items"), ITEMS)))
                .list();
    }
}
