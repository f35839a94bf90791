package dev.checkstand.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * What the service recorded of its orders' fulfillment, read from its database after a run: each order's number (its
 * Printful {@code external_id}), when it was marked paid, when its fulfillment was queued and when it was recorded
 * submitted (the order timeline's {@code fulfillment_queued} and {@code fulfillment_submitted}), and the fulfillments
 * table in aggregate. The service stamps these with its own clock, the same machine's as the harness's.
 */
final class FulfillmentRecords {

    private final Deployment deployment;

    /** One order as recorded; a time is null when the step has not happened. */
    record Order(String orderId, String number, Instant paidAt, Instant queuedAt, Instant submittedAt) {
    }

    /** The fulfillments table in aggregate: rows by status, rows with more than one call begun, rows with an error kept. */
    record Table(Map<String, Long> byStatus, long calledMoreThanOnce, long withError, long attempts) {
    }

    FulfillmentRecords(Deployment deployment) {
        this.deployment = deployment;
    }

    /** The orders with these ids, by id. */
    Map<String, Order> orders(Collection<String> orderIds) {
        Map<String, Order> orders = new HashMap<>();
        try (Connection c = deployment.connect(); PreparedStatement s = c.prepareStatement("""
                select o.id, o.number, o.paid_at,
                       (select min(t.at) from order_timeline t
                         where t.order_id = o.id and t.type = 'fulfillment_queued') as queued_at,
                       (select min(t.at) from order_timeline t
                         where t.order_id = o.id and t.type = 'fulfillment_submitted') as submitted_at
                  from orders o where o.id = any(?)""")) {
            s.setArray(1, c.createArrayOf("uuid", orderIds.stream().map(UUID::fromString).toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String id = rs.getString("id");
                    orders.put(id, new Order(id, rs.getString("number"), instant(rs, "paid_at"),
                            instant(rs, "queued_at"), instant(rs, "submitted_at")));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return orders;
    }

    /** Every fulfillment of the deployment, in aggregate. */
    Table table() {
        Map<String, Long> byStatus = new TreeMap<>();
        try (Connection c = deployment.connect(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("select status, count(*) from fulfillments group by status")) {
                while (rs.next()) {
                    byStatus.put(rs.getString(1), rs.getLong(2));
                }
            }
            try (ResultSet rs = s.executeQuery("""
                    select count(*) filter (where attempts > 1), count(*) filter (where last_error is not null),
                           coalesce(sum(attempts), 0)
                      from fulfillments""")) {
                rs.next();
                return new Table(byStatus, rs.getLong(1), rs.getLong(2), rs.getLong(3));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
