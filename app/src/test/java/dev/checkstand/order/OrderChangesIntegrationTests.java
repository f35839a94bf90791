package dev.checkstand.order;

import static org.assertj.core.api.Assertions.assertThat;

import dev.checkstand.common.OrderId;
import dev.checkstand.platform.DatabaseNotifications;
import dev.checkstand.support.ModuleBackends;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.ApplicationModuleTest.BootstrapMode;

/**
 * What the orders trigger announces on {@code order_status}, read on a listening connection of the test's own, and
 * what {@link OrderChanges} makes of it: each changed order by its id, but never more than a thousand per transaction
 * — then one {@code *}, which subscribers hear as "read again all you watch".
 */
@ApplicationModuleTest(mode = BootstrapMode.DIRECT_DEPENDENCIES, extraIncludes = "platform")
@ModuleBackends
class OrderChangesIntegrationTests {

    private static final int BULK = 2_500;

    @Autowired
    DataSource dataSource;

    Connection listening;
    List<UUID> bulk;

    @BeforeEach
    void listenAndSeedManyOrders() throws SQLException {
        bulk = new ArrayList<>();
        for (int i = 0; i < BULK; i++) {
            bulk.add(UUID.randomUUID());
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement insert = c.prepareStatement("""
                        insert into orders (id, number, checkout_id, checkout_fingerprint, status, payment_status,
                                            currency, subtotal, shipping, total, email, shipping_address,
                                            reservation_expires_at, created_at, updated_at)
                        select id, 'NT-' || left(id::text, 8) || '-' || ordinality, 'notify_' || id, 'notify',
                               'pending_payment', 'unpaid', 'gbp', 1000, 0, 1000, 'buyer@example.com',
                               '{"name":"Ann","line1":"1 A Street","city":"London","postalCode":"E1 6AN","country":"GB"}',
                               now() + interval '1 hour', now(), now()
                          from unnest(?::uuid[]) with ordinality as ids(id, ordinality)""")) {
            insert.setArray(1, c.createArrayOf("uuid", bulk.toArray()));
            insert.executeUpdate();
        }
        listening = dataSource.getConnection();
        try (Statement listen = listening.createStatement()) {
            listen.execute("LISTEN order_status");
        }
    }

    @AfterEach
    void stopListening() throws SQLException {
        try (Statement unlisten = listening.createStatement()) {
            unlisten.execute("UNLISTEN *");
        }
        listening.close();
    }

    @Test
    void aTransactionChangingThousandsOfOrdersAnnouncesAThousandByIdThenOneStar() throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement update = c.prepareStatement(
                        "update orders set version = version + 1 where id = any(?::uuid[])")) {
            update.setArray(1, c.createArrayOf("uuid", bulk.toArray()));
            assertThat(update.executeUpdate()).isEqualTo(BULK);
        }

        List<String> payloads = drain();
        assertThat(payloads).hasSize(1_001);
        assertThat(payloads.subList(0, 1_000)).allMatch(payload -> bulk.contains(UUID.fromString(payload)))
                .doesNotHaveDuplicates();
        assertThat(payloads.get(1_000)).isEqualTo(OrderChanges.MANY);

        UUID one = bulk.get(7);
        try (Connection c = dataSource.getConnection();
                PreparedStatement update = c.prepareStatement("update orders set version = version + 1 where id = ?")) {
            update.setObject(1, one);
            update.executeUpdate();
        }
        assertThat(drain()).as("the next transaction counts afresh").containsExactly(one.toString());
    }

    @Test
    void aSavepointRolledBackTakesItsShareOfTheCountWithIt() throws SQLException {
        UUID kept = bulk.get(3);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            Savepoint before = c.setSavepoint();
            try (PreparedStatement update = c.prepareStatement(
                    "update orders set version = version + 1 where id = any(?::uuid[])")) {
                update.setArray(1, c.createArrayOf("uuid", bulk.toArray()));
                update.executeUpdate();
            }
            c.rollback(before);
            try (PreparedStatement update = c.prepareStatement(
                    "update orders set status = 'canceled' where id = ?")) {
                update.setObject(1, kept);
                update.executeUpdate();
            }
            c.commit();
        }
        assertThat(drain()).containsExactly(kept.toString());
    }

    @Test
    void subscribersHearAStarAsMaybeMissedChangesAndIdsAsChangedOrders() {
        List<DatabaseNotifications.Listener> registered = new ArrayList<>();
        List<String> heard = new ArrayList<>();
        new OrderChanges((channel, listener) -> registered.add(listener)).subscribe(new OrderChanges.Subscriber() {
            @Override
            public void changed(Set<OrderId> orders) {
                orders.forEach(order -> heard.add(order.value().toString()));
            }

            @Override
            public void mayHaveMissedChanges() {
                heard.add("everything");
            }
        });
        UUID named = bulk.get(0);

        registered.get(0).notified(Set.of(named.toString()));
        registered.get(0).notified(Set.of(bulk.get(1).toString(), OrderChanges.MANY));

        assertThat(heard).containsExactly(named.toString(), "everything");
    }

    // Everything delivered to the listening connection, waiting a little after the last arrival.
    private List<String> drain() throws SQLException {
        PGConnection postgres = listening.unwrap(PGConnection.class);
        List<String> payloads = new ArrayList<>();
        while (true) {
            PGNotification[] arrived = postgres.getNotifications(1_000);
            if (arrived == null || arrived.length == 0) {
                return payloads;
            }
            for (PGNotification notification : arrived) {
                payloads.add(notification.getParameter());
            }
        }
    }
}
