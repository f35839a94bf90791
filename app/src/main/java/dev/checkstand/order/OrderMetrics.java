package dev.checkstand.order;

import dev.checkstand.platform.DatabaseGauges;
import io.micrometer.core.instrument.Tags;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Orders an admin must look at, by the reason they were flagged, read from the database (the same on every instance). */
@Component
class OrderMetrics {

    /** The reasons the modules flag orders for; another reason still shows, under its own name. */
    static final List<String> REASONS = List.of("amount_mismatch", "duplicate_payment", "paid_after_cancel",
            "refund_failed", "fulfillment_blocked", "fulfillment_failed", "fulfillment_canceled",
            "fulfillment_cancel_failed", "refunded_after_production");

    OrderMetrics(DatabaseGauges gauges, JdbcClient jdbc) {
        gauges.register("checkstand.orders.needing.attention", "Orders flagged for an admin, by reason", null,
                REASONS.stream().map(reason -> Tags.of("reason", reason)).toList(), () -> {
                    Map<Tags, Long> byReason = new HashMap<>();
                    jdbc.sql("""
                            select reason, count(*) as orders from orders, unnest(attention_reasons) as reason
                             where cardinality(attention_reasons) > 0 group by reason""")
                            .query((rs, row) -> byReason.put(Tags.of("reason", rs.getString("reason")),
                                    rs.getLong("orders")))
                            .list();
                    return byReason;
                });
    }
}
