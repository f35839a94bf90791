package dev.checkstand.order;

import dev.checkstand.common.OrderId;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The append-only history of every order (invariant 9), each entry also told in the log once committed. */
@Repository
class OrderTimeline {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JsonMapper json;

    OrderTimeline(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    void append(Order order, Instant at, String type, Source source, Map<String, ?> data) {
        insert(order.id(), at, type, source, data);
        TimelineLog.entry(order.id(), order.number(), type, source, data);
    }

    void append(OrderId orderId, Instant at, String type, Source source, Map<String, ?> data) {
        insert(orderId, at, type, source, data);
        TimelineLog.entry(orderId, null, type, source, data);
    }

    /**
     * Appends two entries by one statement, in this order (their ids, which order the timeline, are assigned in the
     * order of the rows given).
     */
    void append(Order order, Instant at, Source source, String type, Map<String, ?> data, String nextType,
            Map<String, ?> nextData) {
        jdbc.sql("""
                insert into order_timeline (order_id, at, type, source, data)
                values (:orderId, :at, :type, :source, cast(:data as jsonb)),
                       (:orderId, :at, :nextType, :source, cast(:nextData as jsonb))""")
                .param("orderId", order.id().value())
                .param("at", Timestamp.from(at))
                .param("type", type)
                .param("nextType", nextType)
                .param("source", source.wire())
                .param("data", json.writeValueAsString(data))
                .param("nextData", json.writeValueAsString(nextData))
                .update();
        TimelineLog.entry(order.id(), order.number(), type, source, data);
        TimelineLog.entry(order.id(), order.number(), nextType, source, nextData);
    }

    private void insert(OrderId orderId, Instant at, String type, Source source, Map<String, ?> data) {
        jdbc.sql("""
                insert into order_timeline (order_id, at, type, source, data)
                values (:orderId, :at, :type, :source, cast(:data as jsonb))""")
                .param("orderId", orderId.value())
                .param("at", Timestamp.from(at))
                .param("type", type)
                .param("source", source.wire())
                .param("data", json.writeValueAsString(data))
                .update();
    }

    List<TimelineEntry> of(OrderId orderId) {
        return jdbc.sql("select at, type, source, data from order_timeline where order_id = :orderId order by id")
                .param("orderId", orderId.value())
                .query((rs, n) -> new TimelineEntry(rs.getTimestamp("at").toInstant(), rs.getString("type"),
                        rs.getString("source"), json.readValue(rs.getString("data"), MAP)))
                .list();
    }
}
