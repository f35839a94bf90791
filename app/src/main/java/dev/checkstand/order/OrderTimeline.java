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
