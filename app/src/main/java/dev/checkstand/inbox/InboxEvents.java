package dev.checkstand.inbox;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The inbox table: every verified event, once per (source, event id), with its processing state. */
@Repository
class InboxEvents {

    private final JdbcClient jdbc;

    InboxEvents(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** An event to store, as received. */
    record NewEvent(String source, WebhookSource.Envelope envelope, String payload, String via, Instant receivedAt) {

        Key key() {
            return new Key(source, envelope.eventId());
        }
    }

    /** What makes a stored event unique. */
    record Key(String source, String eventId) {
    }

    /** Stores the event unless it is already stored; returns the new row's id, or empty for a duplicate. */
    Optional<Long> insert(String source, WebhookSource.Envelope event, String payload, String via, Instant now) {
        return insert(new NewEvent(source, event, payload, via, now));
    }

    /** Stores the event unless it is already stored; returns the new row's id, or empty for a duplicate. */
    Optional<Long> insert(NewEvent event) {
        return Optional.ofNullable(insertAll(List.of(event)).get(event.key()));
    }

    /**
     * Stores the events not stored yet, in one statement; returns the new rows' ids by event (a duplicate has none).
     * The events must be of distinct keys. One statement shape for any number of rows: the columns go as arrays.
     */
    Map<Key, Long> insertAll(List<NewEvent> rows) {
        int n = rows.size();
        String[] source = new String[n];
        String[] eventId = new String[n];
        String[] type = new String[n];
        String[] apiVersion = new String[n];
        Boolean[] livemode = new Boolean[n];
        String[] objectId = new String[n];
        String[] created = new String[n];
        String[] payload = new String[n];
        String[] receivedAt = new String[n];
        String[] via = new String[n];
        for (int i = 0; i < n; i++) {
            NewEvent row = rows.get(i);
            WebhookSource.Envelope event = row.envelope();
            source[i] = row.source();
            eventId[i] = event.eventId();
            type[i] = event.type();
            apiVersion[i] = event.apiVersion();
            livemode[i] = event.livemode();
            objectId[i] = event.objectId();
            created[i] = event.created() == null ? null : event.created().toString();
            payload[i] = row.payload();
            receivedAt[i] = row.receivedAt().toString();
            via[i] = row.via();
        }
        return jdbc.sql("""
                insert into webhook_events (source, event_id, type, api_version, livemode, object_id, event_created,
                                            payload, status, next_attempt_at, received_at, received_via)
                select r.source, r.event_id, r.type, r.api_version, r.livemode, r.object_id,
                       cast(r.created as timestamptz), r.payload, 'received', cast(r.received_at as timestamptz),
                       cast(r.received_at as timestamptz), r.via
                  from unnest(cast(:source as text[]), cast(:eventId as text[]), cast(:type as text[]),
                              cast(:apiVersion as text[]), cast(:livemode as boolean[]), cast(:objectId as text[]),
                              cast(:created as text[]), cast(:payload as text[]), cast(:receivedAt as text[]),
                              cast(:via as text[]))
                       with ordinality as r(source, event_id, type, api_version, livemode, object_id, created, payload,
                                            received_at, via, n)
                 order by r.n
                on conflict (source, event_id) do nothing
                returning id, source, event_id""")
                .param("source", source)
                .param("eventId", eventId)
                .param("type", type)
                .param("apiVersion", apiVersion)
                .param("livemode", livemode)
                .param("objectId", objectId)
                .param("created", created)
                .param("payload", payload)
                .param("receivedAt", receivedAt)
                .param("via", via)
                .query((rs, row) -> Map.entry(new Key(rs.getString("source"), rs.getString("event_id")), rs.getLong("id")))
                .list().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    // What a stored event is read with (StoredEvent), but for its attempts, which claims and locks read differently.
    private static final String STORED = " id, source, event_id, type, api_version, object_id, payload, event_created,"
            + " received_at, received_via";

    /**
     * Claims due events for processing: rows locked by another claimer are skipped, and a claimed row is leased
     * (its next attempt pushed out) so no other instance takes it while it is being processed.
     */
    List<StoredEvent> claimDue(Instant now, Instant leaseUntil, int limit) {
        return jdbc.sql("""
                update webhook_events set attempts = attempts + 1, next_attempt_at = :leaseUntil
                 where id in (select id from webhook_events
                               where status = 'received' and next_attempt_at <= :now
                               order by next_attempt_at limit :limit
                               for update skip locked)
                returning""" + STORED + ", attempts")
                .param("now", Timestamp.from(now))
                .param("leaseUntil", Timestamp.from(leaseUntil))
                .param("limit", limit)
                .query(InboxEvents::stored)
                .list();
    }

    /** Claims one event, if it is still due and no one else holds it. */
    Optional<StoredEvent> claim(long id, Instant now, Instant leaseUntil) {
        return jdbc.sql("""
                update webhook_events set attempts = attempts + 1, next_attempt_at = :leaseUntil
                 where id = (select id from webhook_events
                              where id = :id and status = 'received' and next_attempt_at <= :now
                              for update skip locked)
                returning""" + STORED + ", attempts")
                .param("id", id)
                .param("now", Timestamp.from(now))
                .param("leaseUntil", Timestamp.from(leaseUntil))
                .query(InboxEvents::stored)
                .optional();
    }

    /** Claims those of {@code ids} still due that no one else holds, in the order they were stored. */
    List<StoredEvent> claimAll(List<Long> ids, Instant now, Instant leaseUntil) {
        return jdbc.sql("""
                update webhook_events set attempts = attempts + 1, next_attempt_at = :leaseUntil
                 where id in (select id from webhook_events
                               where id = any(:ids) and status = 'received' and next_attempt_at <= :now
                               order by id
                               for update skip locked)
                returning""" + STORED + ", attempts")
                .param("ids", ids.toArray(Long[]::new))
                .param("now", Timestamp.from(now))
                .param("leaseUntil", Timestamp.from(leaseUntil))
                .query(InboxEvents::stored)
                .list().stream()
                .sorted(java.util.Comparator.comparingLong(StoredEvent::id))
                .toList();
    }

    /**
     * Locks those of {@code ids} still due that no one else holds, in the order they were stored, for the caller's
     * transaction: the row lock keeps other claimers off until it ends, so nothing is written yet. Each comes with
     * the attempt it is about to be ({@code attempts + 1}); the transaction then ends it with {@link #finishLocked} or
     * leases it with {@link #leaseLocked}, one write per row.
     */
    List<StoredEvent> lockAll(List<Long> ids, Instant now) {
        return jdbc.sql("""
                select""" + STORED + ", attempts + 1 as attempts" + """
                  from webhook_events
                 where id = any(:ids) and status = 'received' and next_attempt_at <= :now
                 order by id
                   for update skip locked""")
                .param("ids", ids.toArray(Long[]::new))
                .param("now", Timestamp.from(now))
                .query(InboxEvents::stored)
                .list();
    }

    /** Locks up to {@code limit} due events that no one else holds, as {@link #lockAll} does. */
    List<StoredEvent> lockDue(Instant now, int limit) {
        return jdbc.sql("""
                select""" + STORED + ", attempts + 1 as attempts" + """
                  from webhook_events
                 where status = 'received' and next_attempt_at <= :now
                 order by next_attempt_at limit :limit
                   for update skip locked""")
                .param("now", Timestamp.from(now))
                .param("limit", limit)
                .query(InboxEvents::stored)
                .list();
    }

    /** Leases events locked by {@link #lockAll} or {@link #lockDue} in this transaction, counting their attempt. */
    void leaseLocked(List<Long> ids, Instant leaseUntil) {
        jdbc.sql("""
                update webhook_events set attempts = attempts + 1, next_attempt_at = :leaseUntil
                 where id = any(:ids) and status = 'received'""")
                .param("ids", ids.toArray(Long[]::new))
                .param("leaseUntil", Timestamp.from(leaseUntil))
                .update();
    }

    /** Moves the lease of events still being processed to {@code until}, never earlier than it is. */
    void extendLease(java.util.List<Long> ids, Instant until) {
        jdbc.sql("""
                update webhook_events set next_attempt_at = :until
                 where id = any(:ids) and status = 'received' and next_attempt_at < :until""")
                .param("ids", ids.toArray(Long[]::new))
                .param("until", Timestamp.from(until))
                .update();
    }

    /** Ends processing of a claimed event; false when it was no longer being processed (someone else finished it). */
    boolean finish(long id, String status, String note, Instant now) {
        return jdbc.sql("""
                update webhook_events set status = :status, last_error = :note, processed_at = :now
                 where id = :id and status = 'received'""")
                .param("status", status)
                .param("note", note)
                .param("now", Timestamp.from(now))
                .param("id", id)
                .update() == 1;
    }

    /**
     * Ends processing of events locked by {@link #lockAll} or {@link #lockDue} in this transaction, counting their
     * attempt; returns those it ended.
     */
    List<Long> finishLocked(List<Long> ids, String status, Instant now) {
        return jdbc.sql("""
                update webhook_events set status = :status, last_error = null, processed_at = :now,
                                          attempts = attempts + 1
                 where id = any(:ids) and status = 'received'
                returning id""")
                .param("status", status)
                .param("now", Timestamp.from(now))
                .param("ids", ids.toArray(Long[]::new))
                .query(Long.class)
                .list();
    }

    /** Makes an event due again with a fresh attempt budget, whatever state it ended in. */
    boolean reopen(long id, Instant now) {
        return jdbc.sql("""
                update webhook_events set status = 'received', attempts = 0, next_attempt_at = :now, processed_at = null
                 where id = :id""")
                .param("now", Timestamp.from(now))
                .param("id", id)
                .update() == 1;
    }

    Optional<EventSummary> summary(long id) {
        return jdbc.sql("select " + SUMMARY + " from webhook_events where id = :id")
                .param("id", id)
                .query(InboxEvents::summary)
                .optional();
    }

    /** A page of stored events, newest first, optionally filtered by status and type. */
    List<EventSummary> page(String status, String type, int page, int size) {
        return page(null, status, type, page, size);
    }

    /** A page of stored events, newest first, optionally filtered by source, status and type. */
    List<EventSummary> page(String source, String status, String type, int page, int size) {
        return jdbc.sql("select " + SUMMARY + " " + """
                 from webhook_events
                 where (cast(:source as text) is null or source = :source)
                   and (cast(:status as text) is null or status = :status)
                   and (cast(:type as text) is null or type = :type)
                 order by id desc limit :size offset :offset""")
                .param("source", source)
                .param("status", status)
                .param("type", type)
                .param("size", size)
                .param("offset", (long) page * size)
                .query(InboxEvents::summary)
                .list();
    }

    long count(String status, String type) {
        return count(null, status, type);
    }

    long count(String source, String status, String type) {
        return jdbc.sql("""
                select count(*) from webhook_events
                 where (cast(:source as text) is null or source = :source)
                   and (cast(:status as text) is null or status = :status)
                   and (cast(:type as text) is null or type = :type)""")
                .param("source", source)
                .param("status", status)
                .param("type", type)
                .query(Long.class)
                .single();
    }

    private static final String SUMMARY = "id, source, event_id, type, api_version, object_id, status, attempts,"
            + " last_error, received_at, processed_at, next_attempt_at";

    /** The event's body exactly as received. */
    Optional<String> payload(long id) {
        return jdbc.sql("select payload from webhook_events where id = :id").param("id", id).query(String.class)
                .optional();
    }

    private static StoredEvent stored(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        Timestamp created = rs.getTimestamp("event_created");
        return new StoredEvent(rs.getLong("id"), new InboxEvent(rs.getString("source"), rs.getString("event_id"),
                rs.getString("type"), rs.getString("api_version"), rs.getString("object_id"), rs.getString("payload"),
                created == null ? null : created.toInstant(), rs.getTimestamp("received_at").toInstant(),
                rs.getString("received_via")), rs.getInt("attempts"));
    }

    private static EventSummary summary(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        Timestamp processed = rs.getTimestamp("processed_at");
        return new EventSummary(rs.getLong("id"), rs.getString("source"), rs.getString("event_id"), rs.getString("type"),
                rs.getString("api_version"), rs.getString("object_id"), rs.getString("status"), rs.getInt("attempts"),
                rs.getString("last_error"), rs.getTimestamp("received_at").toInstant(),
                processed == null ? null : processed.toInstant(), rs.getTimestamp("next_attempt_at").toInstant());
    }

    /** A stored event as an admin sees it. */
    record EventSummary(long id, String source, String eventId, String type, String apiVersion, String objectId, String status,
            int attempts, String lastError, Instant receivedAt, Instant processedAt, Instant nextAttemptAt) {
    }

    /** The events not processed yet, by source: how many, and when the oldest of them arrived. */
    List<Backlog> backlog() {
        return jdbc.sql("""
                select source, count(*) as received, min(received_at) as oldest from webhook_events
                 where status = 'received'
                 group by source order by source""")
                .query((rs, n) -> new Backlog(rs.getString("source"), rs.getLong("received"),
                        rs.getTimestamp("oldest").toInstant()))
                .list();
    }

    /** How many events failed for good, by source (on the dead letters' partial index). */
    java.util.Map<String, Long> deadLettersBySource() {
        java.util.Map<String, Long> failed = new java.util.TreeMap<>();
        jdbc.sql("select source, count(*) as failed from webhook_events where status = 'failed' group by source")
                .query((rs, n) -> failed.put(rs.getString("source"), rs.getLong("failed")))
                .list();
        return failed;
    }

    /** The dead letters: every event that failed for good, and how many of them failed since {@code since}. */
    DeadLetters deadLetters(Instant since) {
        return jdbc.sql("""
                select count(*) as failed, count(*) filter (where processed_at >= :since) as recent from webhook_events
                 where status = 'failed'""")
                .param("since", Timestamp.from(since))
                .query((rs, n) -> new DeadLetters(rs.getLong("failed"), rs.getLong("recent")))
                .single();
    }

    /** A source's unprocessed events: how many, and when the oldest arrived. */
    record Backlog(String source, long received, Instant oldest) {
    }

    /** Events that failed for good, in all and recently. */
    record DeadLetters(long failed, long recent) {
    }

    void retryLater(long id, String error, Instant nextAttempt) {
        jdbc.sql("update webhook_events set last_error = :error, next_attempt_at = :next where id = :id and status = 'received'")
                .param("error", error)
                .param("next", Timestamp.from(nextAttempt))
                .param("id", id)
                .update();
    }
}
