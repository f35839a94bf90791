package dev.checkstand.order;

import dev.checkstand.support.Backends;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import tools.jackson.databind.json.JsonMapper;

/** Orders written straight into the table, for tests of a database without the order module around it. */
final class RawOrders {

    private RawOrders() {
    }

    /** The orders table of {@code backends}' database, read and written as the service does. */
    static Orders repository(Backends backends) {
        return new Orders(backends.jdbc(), JsonMapper.builder().build(),
                new DataSourceTransactionManager(new DriverManagerDataSource(backends.jdbcUrl(), "postgres", "")));
    }

    /** A pending order numbered {@code number}, with nothing to pay and no items; returns its id. */
    static UUID insertPending(JdbcClient jdbc, String number) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into orders (id, number, checkout_id, checkout_fingerprint, status, payment_status, currency,
                                    subtotal, shipping, total, email, shipping_address, reservation_expires_at,
                                    created_at, updated_at)
                values (:id, :number, :checkoutId, 'fingerprint', 'pending_payment', 'unpaid', 'gbp', 0, 0, 0,
                        'a@example.com', '{}'::jsonb, now(), now(), now())""")
                .param("id", id)
                .param("number", number)
                .param("checkoutId", "co_" + UUID.randomUUID().toString().replace("-", ""))
                .update();
        return id;
    }
}
