package dev.checkstand.seller;

import dev.checkstand.payment.gateway.ConnectGateway;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The sellers table: who they are, and their connected account's state as last known. */
@Repository
class Sellers {

    private static final String COLUMNS = """
            id, name, email, commission_bps, stripe_account_id, charges_enabled, payouts_enabled, details_submitted,
            requirements::text as requirements, account_as_of, account_read_at""";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    Sellers(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    void insert(SellerId id, String name, String email, int commissionBps, Instant now) {
        jdbc.sql("""
                insert into sellers (id, name, email, commission_bps, created_at, updated_at)
                values (:id, :name, :email, :bps, :now, :now)""")
                .param("id", id.value())
                .param("name", name)
                .param("email", email)
                .param("bps", commissionBps)
                .param("now", Timestamp.from(now))
                .update();
    }

    boolean update(SellerId id, String name, String email, int commissionBps, Instant now) {
        return jdbc.sql("""
                update sellers set name = :name, email = :email, commission_bps = :bps, updated_at = :now,
                                   version = version + 1
                 where id = :id""")
                .param("id", id.value())
                .param("name", name)
                .param("email", email)
                .param("bps", commissionBps)
                .param("now", Timestamp.from(now))
                .update() == 1;
    }

    /** Links the seller to its connected account; false when it is linked to another already. */
    boolean linkAccount(SellerId id, String accountId, Instant now) {
        return jdbc.sql("""
                update sellers set stripe_account_id = :account, updated_at = :now, version = version + 1
                 where id = :id and (stripe_account_id is null or stripe_account_id = :account)""")
                .param("id", id.value())
                .param("account", accountId)
                .param("now", Timestamp.from(now))
                .update() == 1;
    }

    /**
     * Keeps {@code account} as the state of Stripe's time {@code asOf}, unless a state of that time or later is kept
     * already; {@code readAt} when it was read from Stripe itself (null for an event). Empty when nothing was kept.
     */
    Optional<Kept> applyAccount(ConnectGateway.AccountSnapshot account, Instant asOf, Instant readAt, Instant now) {
        return jdbc.sql("""
                with before as (select id, charges_enabled from sellers where stripe_account_id = :account for update)
                update sellers s set charges_enabled = :charges, payouts_enabled = :payouts,
                                     details_submitted = :details, requirements = cast(:requirements as jsonb),
                                     account_as_of = :asOf, account_read_at = coalesce(:readAt, s.account_read_at),
                                     updated_at = :now, version = s.version + 1
                  from before
                 where s.id = before.id and (s.account_as_of is null or s.account_as_of < :asOf)
                returning s.id, before.charges_enabled""")
                .param("account", account.id())
                .param("charges", account.chargesEnabled())
                .param("payouts", account.payoutsEnabled())
                .param("details", account.detailsSubmitted())
                .param("requirements", json.writeValueAsString(requirements(account.requirements())))
                .param("asOf", Timestamp.from(asOf))
                .param("readAt", readAt == null ? null : Timestamp.from(readAt))
                .param("now", Timestamp.from(now))
                .query((rs, row) -> new Kept(SellerId.of(rs.getObject(1, UUID.class)), rs.getBoolean(2)))
                .optional();
    }

    /** A state kept for a seller, and whether its account could charge before. */
    record Kept(SellerId seller, boolean couldCharge) {
    }

    /** Sellers whose account was not read from Stripe since {@code before} (or has none yet), least recent first. */
    List<Seller> staleSince(Instant before, int limit) {
        return jdbc.sql("select " + COLUMNS + " from sellers where account_read_at is null or account_read_at < :before"
                        + " order by account_read_at nulls first limit :limit")
                .param("before", Timestamp.from(before))
                .param("limit", limit)
                .query(this::map)
                .list();
    }

    /** Orders of the seller placed since {@code since}, newest first. */
    List<dev.checkstand.common.OrderId> ordersSince(SellerId id, Instant since) {
        return jdbc.sql("""
                select order_id from seller_orders where seller_id = :id and created_at >= :since
                 order by created_at desc""")
                .param("id", id.value())
                .param("since", Timestamp.from(since))
                .query((rs, row) -> dev.checkstand.common.OrderId.of(rs.getObject(1, UUID.class)))
                .list();
    }

    Optional<Seller> byId(SellerId id) {
        return jdbc.sql("select " + COLUMNS + " from sellers where id = :id")
                .param("id", id.value())
                .query(this::map)
                .optional();
    }

    Optional<Seller> byAccount(String accountId) {
        return jdbc.sql("select " + COLUMNS + " from sellers where stripe_account_id = :account")
                .param("account", accountId)
                .query(this::map)
                .optional();
    }

    List<Seller> all() {
        return jdbc.sql("select " + COLUMNS + " from sellers order by name, id")
                .query(this::map)
                .list();
    }

    private static Map<String, Object> requirements(ConnectGateway.Requirements r) {
        Map<String, Object> map = new java.util.LinkedHashMap<>();
        map.put("currentlyDue", r.currentlyDue());
        map.put("pastDue", r.pastDue());
        map.put("eventuallyDue", r.eventuallyDue());
        map.put("disabledReason", r.disabledReason());
        return map;
    }

    private Seller map(ResultSet rs, int row) throws SQLException {
        JsonNode r = json.readTree(rs.getString("requirements"));
        ConnectGateway.Requirements requirements = new ConnectGateway.Requirements(strings(r.path("currentlyDue")),
                strings(r.path("pastDue")), strings(r.path("eventuallyDue")),
                r.path("disabledReason").isString() ? r.path("disabledReason").asString() : null);
        Timestamp asOf = rs.getTimestamp("account_as_of");
        Timestamp readAt = rs.getTimestamp("account_read_at");
        return new Seller(SellerId.of(rs.getObject("id", UUID.class)), rs.getString("name"), rs.getString("email"),
                rs.getInt("commission_bps"), rs.getString("stripe_account_id"), rs.getBoolean("charges_enabled"),
                rs.getBoolean("payouts_enabled"), rs.getBoolean("details_submitted"), requirements,
                asOf == null ? null : asOf.toInstant(), readAt == null ? null : readAt.toInstant());
    }

    static List<String> strings(JsonNode array) {
        List<String> values = new java.util.ArrayList<>();
        if (array.isArray()) {
            array.forEach(value -> {
                if (value.isString()) {
                    values.add(value.asString());
                }
            });
        }
        return values;
    }
}
