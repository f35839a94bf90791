package dev.checkstand.shipping;

import dev.checkstand.common.Money;
import dev.checkstand.common.OrderId;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The order_shipping table: the quote each order was charged. */
@Repository
class OrderShippings {

    private final JdbcClient jdbc;

    OrderShippings(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(OrderId orderId, ShippingQuote quote, Instant now) {
        jdbc.sql("""
                insert into order_shipping (order_id, amount, currency, method, method_name, zone, source, min_days,
                                            max_days, quoted_at)
                values (:orderId, :amount, :currency, :method, :methodName, :zone, :source, :minDays, :maxDays, :now)
                on conflict (order_id) do nothing""")
                .param("orderId", orderId.value())
                .param("amount", quote.amount().amount())
                .param("currency", quote.amount().currency())
                .param("method", quote.method())
                .param("methodName", quote.methodName())
                .param("zone", quote.zone())
                .param("source", quote.source().wire())
                .param("minDays", quote.minDays())
                .param("maxDays", quote.maxDays())
                .param("now", Timestamp.from(now))
                .update();
    }

    Optional<ShippingQuote> of(OrderId orderId) {
        return jdbc.sql("""
                select amount, currency, method, method_name, zone, source, min_days, max_days
                  from order_shipping where order_id = :orderId""")
                .param("orderId", orderId.value())
                .query((rs, n) -> new ShippingQuote(Money.of(rs.getLong("amount"), rs.getString("currency")),
                        rs.getString("method"), rs.getString("method_name"), rs.getString("zone"),
                        ShippingQuote.Source.of(rs.getString("source")), rs.getObject("min_days", Integer.class),
                        rs.getObject("max_days", Integer.class)))
                .optional();
    }
}
