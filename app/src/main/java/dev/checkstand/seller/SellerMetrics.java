package dev.checkstand.seller;

import dev.checkstand.platform.DatabaseGauges;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Marketplace sellers by what Stripe lets them do, read from the database so every instance shows the same:
 * {@code can_charge}, {@code onboarding} (details not submitted yet) and {@code charges_disabled} (onboarded, but
 * Stripe disabled its charges: its products cannot be bought).
 */
@Component
class SellerMetrics {

    static final List<String> STATES = List.of("can_charge", "onboarding", "charges_disabled");

    SellerMetrics(DatabaseGauges gauges, JdbcClient jdbc) {
        gauges.register("checkstand.sellers", "Marketplace sellers by what Stripe lets their account do", null,
                STATES.stream().map(state -> Tags.of("state", state)).toList(), () -> jdbc.sql("""
                        select case when charges_enabled then 'can_charge'
                                    when details_submitted then 'charges_disabled'
                                    else 'onboarding' end as state, count(*) as sellers
                          from sellers group by 1""")
                        .query((rs, row) -> Map.entry(Tags.of("state", rs.getString("state")), rs.getInt("sellers")))
                        .list().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    }
}
