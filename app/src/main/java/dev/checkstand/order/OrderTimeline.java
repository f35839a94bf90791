package dev.checkstand.order;

import dev.checkstand.common.OrderId;
import dev.checkstand.platform.WrittenBeforeCommit;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The append-only history of every order (invariant 9), each entry also told in the log once committed.
 * <p>
 * Inside a transaction the entries are gathered and written by one insert just before it commits, in the order they
 * were appended (their ids, which order a timeline, follow it): a transaction that pays a batch of orders, or runs a
 * batch of their listeners, writes all their entries with one statement instead of one each. A read of a timeline
 * writes what is gathered first, so a transaction reads its own entries as before. Where part of a transaction may
 * roll back alone (a listener batch's run in a savepoint) and outside a transaction, an entry is written at once.
 */
@Repository
class OrderTimeline {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final TransactionTemplate ownTransaction;

    OrderTimeline(JdbcClient jdbc, JsonMapper json, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.json = json;
        this.ownTransaction = WrittenBeforeCommit.ownTransaction(transactions);
    }

    void append(Order order, Instant at, String type, Source source, Map<String, ?> data) {
        write(List.of(row(order.id(), at, type, source, data)));
        TimelineLog.entry(order.id(), order.number(), type, source, data);
    }

    void append(OrderId orderId, Instant at, String type, Source source, Map<String, ?> data) {
        write(List.of(row(orderId, at, type, source, data)));
        TimelineLog.entry(orderId, null, type, source, data);
    }

    /** Appends two entries, in this order. */
    void append(Order order, Instant at, Source source, String type, Map<String, ?> data, String nextType,
            Map<String, ?> nextData) {
        write(List.of(row(order.id(), at, type, source, data), row(order.id(), at, nextType, source, nextData)));
        TimelineLog.entry(order.id(), order.number(), type, source, data);
        TimelineLog.entry(order.id(), order.number(), nextType, source, nextData);
    }

    List<TimelineEntry> of(OrderId orderId) {
        WrittenBeforeCommit.writeGathered(this);
        return jdbc.sql("select at, type, source, data from order_timeline where order_id = :orderId order by id")
                .param("orderId", orderId.value())
                .query((rs, n) -> new TimelineEntry(rs.getTimestamp("at").toInstant(), rs.getString("type"),
                        rs.getString("source"), json.readValue(rs.getString("data"), MAP)))
                .list();
    }

    private Row row(OrderId orderId, Instant at, String type, Source source, Map<String, ?> data) {
        return new Row(orderId.value(), at.toString(), type, source.wire(), json.writeValueAsString(data));
    }

    // A transaction's entries are written by one insert just before it commits, or before a timeline is read.
    private void write(List<Row> rows) {
        WrittenBeforeCommit.write(this, rows, this::insert, ownTransaction);
    }

    private void insert(List<Row> rows) {
        int n = rows.size();
        UUID[] orders = new UUID[n];
        String[] ats = new String[n];
        String[] types = new String[n];
        String[] sources = new String[n];
        String[] data = new String[n];
        for (int i = 0; i < n; i++) {
            Row row = rows.get(i);
            orders[i] = row.orderId();
            ats[i] = row.at();
            types[i] = row.type();
            sources[i] = row.source();
            data[i] = row.data();
        }
        // Rows taken in the arrays' order, so the identity column numbers them as they were appended.
        jdbc.sql("""
                        insert into order_timeline (order_id, at, type, source, data)
                        select e.order_id, e.at, e.type, e.source, cast(e.data as jsonb)
                          from unnest(:orders, cast(:ats as timestamptz[]), :types, :sources, :data)
                               with ordinality as e(order_id, at, type, source, data, n)
                         order by e.n""")
                .param("orders", orders)
                .param("ats", ats)
                .param("types", types)
                .param("sources", sources)
                .param("data", data)
                .update();
    }

    private record Row(UUID orderId, String at, String type, String source, String data) {
    }
}
