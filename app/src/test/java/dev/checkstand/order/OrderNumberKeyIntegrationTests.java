package dev.checkstand.order;

import static org.assertj.core.api.Assertions.assertThat;

import dev.checkstand.support.Backends;
import org.junit.jupiter.api.Test;

/** Order numbers on fresh PostgreSQL databases migrated by Flyway, as each installation's would be. */
class OrderNumberKeyIntegrationTests {

    @Test
    void twoFreshDatabasesNumberTheirOrdersDifferently() {
        try (Backends first = Backends.start("numbers-a"); Backends second = Backends.start("numbers-b")) {
            first.migrate();
            second.migrate();

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
            backends.migrate("8");
            RawOrders.insertPending(backends.jdbc(), "CS-DFD6PRZ");
            backends.migrate();
            OrderNumbers keyed = backends.jdbc().sql("select multiplier, addend from order_number_key")
                    .query((rs, row) -> new OrderNumbers(rs.getLong("multiplier"), rs.getLong("addend"))).single();
            RawOrders.insertPending(backends.jdbc(), keyed.format(1));

            String next = orders(backends).nextNumber();

            assertThat(next).isEqualTo(keyed.format(2));
        }
    }

    private static Orders orders(Backends backends) {
        // Only its order numbers are asked for, outside any transaction: nothing is put off to a commit.
        return RawOrders.repository(backends);
    }
}
