package dev.checkstand.shipping;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The shipping_rules table: the admin's rules in their order, replaced as a whole. */
@Repository
class ShippingRules {

    private final JdbcClient jdbc;

    ShippingRules(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<ShippingRule> all() {
        return jdbc.sql("""
                select currency, zone, countries, kind, amount, free_above, method, method_name, min_days, max_days
                  from shipping_rules order by position""")
                .query(ShippingRules::map)
                .list();
    }

    /** When the rules were last replaced; empty when none are stored. */
    java.util.Optional<Instant> updatedAt() {
        return jdbc.sql("select max(updated_at) from shipping_rules")
                .query((rs, n) -> rs.getTimestamp(1))
                .optional()
                .map(Timestamp::toInstant);
    }

    /** Replaces every rule, one replacement at a time (the table lock orders concurrent ones). */
    void replace(List<ShippingRule> rules, Instant now) {
        jdbc.sql("lock table shipping_rules in exclusive mode").update();
        jdbc.sql("delete from shipping_rules").update();
        for (int i = 0; i < rules.size(); i++) {
            ShippingRule r = rules.get(i);
            jdbc.sql("""
                    insert into shipping_rules (position, currency, zone, countries, kind, amount, free_above, method,
                                                method_name, min_days, max_days, updated_at)
                    values (:position, :currency, :zone, :countries, :kind, :amount, :freeAbove, :method, :methodName,
                            :minDays, :maxDays, :now)""")
                    .param("position", i)
                    .param("currency", r.currency())
                    .param("zone", r.zone())
                    .param("countries", r.countries().toArray(String[]::new))
                    .param("kind", r.kind().wire())
                    .param("amount", r.amount())
                    .param("freeAbove", r.freeAbove())
                    .param("method", r.method())
                    .param("methodName", r.methodName())
                    .param("minDays", r.minDays())
                    .param("maxDays", r.maxDays())
                    .param("now", Timestamp.from(now))
                    .update();
        }
    }

    private static ShippingRule map(ResultSet rs, int n) throws SQLException {
        Array countries = rs.getArray("countries");
        return new ShippingRule(rs.getString("currency"), rs.getString("zone"),
                Arrays.asList((String[]) countries.getArray()), ShippingRule.Kind.of(rs.getString("kind")),
                rs.getLong("amount"), rs.getObject("free_above", Long.class), rs.getString("method"),
                rs.getString("method_name"), rs.getObject("min_days", Integer.class),
                rs.getObject("max_days", Integer.class));
    }
}
