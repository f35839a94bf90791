package dev.checkstand.order;

import static org.assertj.core.api.Assertions.assertThat;

import dev.checkstand.support.Backends;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import tools.jackson.databind.json.JsonMapper;

/** Order numbers on fresh PostgreSQL databases migrated by Flyway, as each installation's would be. */
class OrderNumberKeyIntegrationTests {

    @Test
    void twoFreshDatabasesNumberTheirOrdersDifferently() {
        try (Backends first = Backends.start("numbers-a"); Backends second = Backends.start("numbers-b")) {
            migrate(first, null);
            migrate(second, null);

            Orders firstOrders = orders(first);
            Orders secondOrders = orders(second);

            assertThat(firstOrders.nextNumber()).matches("CS-[0-9A-HJKMNP-TV-Z]{7}")
                    .isNotEqualTo(secondOrders.nextNumber());
            assertThat(first.jdbc().sql("select multiplier from order_number_key").query(Long.class).single())
                    .isNotEqualTo(second.jdbc().sql("select multiplier from order_number_key").query(Long.class).single());
        }
    }

    @Test
    void numberAnOrderFromBeforeTheKeyAlreadyHasIsSkipped() {
        try (Backends backends = Backends.start("numbers-legacy")) {
            migrate(backends, "8");
            insertOrder(backends.jdbc(), "CS-DFD6PRZ");
            migrate(backends, null);
            OrderNumbers keyed = backends.jdbc().sql("select multiplier, addend from order_number_key")
                    .query((rs, row) -> new OrderNumbers(rs.getLong("multiplier"), rs.getLong("addend"))).single();
            insertOrder(backends.jdbc(), keyed.format(1));

            String next = orders(backends).nextNumber();

            assertThat(next).isEqualTo(keyed.format(2));
        }
    }

    private static void migrate(Backends backends, String target) {
        var flyway = Flyway.configure().dataSource(backends.jdbcUrl(), "postgres", "")
                .locations("classpath:db/migration");
        if (target != null) {
            flyway.target(target);
        }
        flyway.load().migrate();
    }

    private static Orders orders(Backends backends) {
        // Only its order numbers are asked for, outside any transaction: nothing is put off to a commit.
        return new Orders(backends.jdbc(), JsonMapper.builder().build(),
                new DataSourceTransactionManager(new DriverManagerDataSource(backends.jdbcUrl(), "postgres", "")));
    }

    private static void insertOrder(JdbcClient jdbc, String number) {
        jdbc.sql("""
                insert into orders (id, number, checkout_id, checkout_fingerprint, status, payment_status, currency,
                                    subtotal, shipping, total, email, shipping_address, reservation_expires_at,
                                    created_at, updated_at)
                values (:id, :number, :checkoutId, 'fingerprint', 'pending_payment', 'unpaid', 'gbp', 1000, 499, 1499,
                        'a@example.com', '{}'::jsonb, now(), now(), now())""")
                .param("id", UUID.randomUUID())
                .param("number", number)
                .param("checkoutId", "co_" + UUID.randomUUID().toString().replace("-", ""))
                .update();
    }
}
