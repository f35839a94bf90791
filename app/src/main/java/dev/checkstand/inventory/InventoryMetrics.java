package dev.checkstand.inventory;

import dev.checkstand.platform.DatabaseGauges;
import java.sql.Timestamp;
import java.time.Clock;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Inventory leaks: units still reserved by holds that have ended. The expiry job releases them within a pass (or
 * extends the hold of an order whose payment is settling), so a value that stays above 0 is stock nobody can buy.
 */
@Component
class InventoryMetrics {

    InventoryMetrics(DatabaseGauges gauges, JdbcClient jdbc, Clock clock) {
        gauges.register("checkstand.stock.reserved.past.expiry",
                "Units held by active reservations whose hold has ended", null, () -> jdbc.sql("""
                        select coalesce(sum(quantity), 0) from reservations
                         where status = 'active' and expires_at < :now""")
                        .param("now", Timestamp.from(clock.instant()))
                        .query(Long.class)
                        .single());
    }
}
