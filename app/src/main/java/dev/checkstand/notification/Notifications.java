package dev.checkstand.notification;

import dev.checkstand.common.OrderId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The notifications table: one row per fact, claimed under a lease for sending. */
@Repository
class Notifications {

    private static final String SUMMARY = """
            id, order_id, kind, "to", subject, status, sent_at, created_at""";

    private final JdbcClient jdbc;

    Notifications(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** An email to write in {@code status} at {@code at}. */
    record New(Email email, Notification.Status status, Instant at) {
    }

    /**
     * Writes the emails, each in its status, by one statement; those whose fact has its email already (a re-run) are
     * not written. Returns the ids of those written.
     */
    Set<UUID> insertNew(List<New> emails) {
        int n = emails.size();
        UUID[] ids = new UUID[n];
        UUID[] orders = new UUID[n];
        String[] kinds = new String[n];
        String[] keys = new String[n];
        String[] tos = new String[n];
        String[] subjects = new String[n];
        String[] texts = new String[n];
        String[] htmls = new String[n];
        String[] statuses = new String[n];
        String[] ats = new String[n];
        for (int i = 0; i < n; i++) {
            Email email = emails.get(i).email();
            ids[i] = email.id();
            orders[i] = email.orderId().value();
            kinds[i] = email.kind().wire();
            keys[i] = email.factKey();
            tos[i] = email.to();
            subjects[i] = email.subject();
            texts[i] = email.textBody();
            htmls[i] = email.htmlBody();
            statuses[i] = emails.get(i).status().wire();
            ats[i] = emails.get(i).at().toString();
        }
        // A pending email is due at once; a stored one is never sent.
        return new HashSet<>(jdbc.sql("""
                        insert into notifications (id, order_id, kind, fact_key, "to", subject, text_body, html_body,
                                                   status, attempts, created_at, next_attempt_at)
                        select e.id, e.order_id, e.kind, e.fact_key, e.recipient, e.subject, e.text_body, e.html_body,
                               e.status, 0, e.at, case when e.status = 'pending' then e.at end
                          from unnest(:ids, :orders, :kinds, :keys, :tos, :subjects, :texts, :htmls, :statuses,
                                      cast(:ats as timestamptz[]))
                               as e(id, order_id, kind, fact_key, recipient, subject, text_body, html_body, status, at)
                        on conflict (fact_key) do nothing
                        returning id""")
                .param("ids", ids)
                .param("orders", orders)
                .param("kinds", kinds)
                .param("keys", keys)
                .param("tos", tos)
                .param("subjects", subjects)
                .param("texts", texts)
                .param("htmls", htmls)
                .param("statuses", statuses)
                .param("ats", ats)
                .query(UUID.class)
                .list());
    }

    /**
     * Claims one pending email that is due, counting the attempt and leasing it until {@code leaseUntil}: no other
     * claim gets it before then (a row being claimed elsewhere is skipped, not waited for).
     */
    Optional<Email> claim(UUID id, Instant now, Instant leaseUntil) {
        return jdbc.sql("""
                update notifications set next_attempt_at = :leaseUntil, attempts = attempts + 1
                 where id = (select id from notifications
                              where id = :id and status = 'pending' and next_attempt_at <= :now
                              for update skip locked)
                returning id, order_id, kind, fact_key, "to", subject, text_body, html_body""")
                .param("id", id)
                .param("now", Timestamp.from(now))
                .param("leaseUntil", Timestamp.from(leaseUntil))
                .query(Notifications::email)
                .optional();
    }

    /** Claims up to {@code limit} due pending emails, oldest due first, as {@link #claim} does one. */
    List<Email> claimDue(Instant now, Instant leaseUntil, int limit) {
        return jdbc.sql("""
                update notifications set next_attempt_at = :leaseUntil, attempts = attempts + 1
                 where id in (select id from notifications
                               where status = 'pending' and next_attempt_at <= :now
                               order by next_attempt_at limit :limit
                               for update skip locked)
                returning id, order_id, kind, fact_key, "to", subject, text_body, html_body""")
                .param("now", Timestamp.from(now))
                .param("leaseUntil", Timestamp.from(leaseUntil))
                .param("limit", limit)
                .query(Notifications::email)
                .list();
    }

    /** Records that the SMTP server accepted the email. */
    void markSent(UUID id, Instant now) {
        jdbc.sql("""
                update notifications set status = 'sent', sent_at = :now, next_attempt_at = null, last_error = null
                 where id = :id and status = 'pending'""")
                .param("id", id).param("now", Timestamp.from(now)).update();
    }

    /** Records a refusal: tried again at {@code next}, or failed for good when {@code next} is empty. */
    void markRefused(UUID id, String error, Optional<Instant> next) {
        jdbc.sql("""
                update notifications set last_error = :error, next_attempt_at = :next,
                                         status = case when :failed then 'failed' else status end
                 where id = :id and status = 'pending'""")
                .param("id", id)
                .param("error", error)
                .param("next", next.map(Timestamp::from).orElse(null))
                .param("failed", next.isEmpty())
                .update();
    }

    int attempts(UUID id) {
        return jdbc.sql("select attempts from notifications where id = :id").param("id", id).query(Integer.class).single();
    }

    List<Notification> of(OrderId orderId) {
        return jdbc.sql("select " + SUMMARY + " from notifications where order_id = :orderId order by created_at, id")
                .param("orderId", orderId.value())
                .query(Notifications::summary)
                .list();
    }

    /** A page of emails, newest first, of one order or of all. */
    List<Notification> page(OrderId orderId, int page, int size) {
        return jdbc.sql("select " + SUMMARY + " from notifications"
                        + (orderId == null ? "" : " where order_id = :orderId")
                        + " order by created_at desc, id limit :limit offset :offset")
                .param("orderId", orderId == null ? null : orderId.value())
                .param("limit", size)
                .param("offset", (long) page * size)
                .query(Notifications::summary)
                .list();
    }

    long count(OrderId orderId) {
        return jdbc.sql("select count(*) from notifications" + (orderId == null ? "" : " where order_id = :orderId"))
                .param("orderId", orderId == null ? null : orderId.value())
                .query(Long.class)
                .single();
    }

    /**
     * How many emails are {@code status}; meant for {@code pending} and {@code failed}, which have partial indexes.
     * The status is written into the statement (an enum's own word, nothing from outside) so that the plan of every
     * execution can use its index, as a parameter's generic plan could not.
     */
    long countWithStatus(Notification.Status status) {
        return jdbc.sql("select count(*) from notifications where status = '" + status.wire() + "'")
                .query(Long.class)
                .single();
    }

    private static Email email(ResultSet rs, int row) throws SQLException {
        return new Email(rs.getObject("id", UUID.class), OrderId.of(rs.getObject("order_id", UUID.class)),
                Notification.Kind.fromWire(rs.getString("kind")), rs.getString("fact_key"), rs.getString("to"),
                rs.getString("subject"), rs.getString("text_body"), rs.getString("html_body"));
    }

    private static Notification summary(ResultSet rs, int row) throws SQLException {
        Timestamp sentAt = rs.getTimestamp("sent_at");
        return new Notification(rs.getObject("id", UUID.class), OrderId.of(rs.getObject("order_id", UUID.class)),
                Notification.Kind.fromWire(rs.getString("kind")), rs.getString("to"), rs.getString("subject"),
                Notification.Status.fromWire(rs.getString("status")), sentAt == null ? null : sentAt.toInstant(),
                rs.getTimestamp("created_at").toInstant());
    }
}
