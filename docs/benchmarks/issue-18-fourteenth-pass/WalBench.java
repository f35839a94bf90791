// Issue 18, fourteenth pass: the WAL a batch of 43 stored events writes into webhook_events, ended the old way (a claim
// update, then an end update) and the new way (locked, then one end update), right after a checkpoint, three times each.
// Not part of the build. From the repository root, after ./mvnw -B -q install -DskipTests:
//   ./mvnw -B -q dependency:build-classpath -pl app -Dmdep.outputFile=/tmp/cp.txt
//   javac -cp "$(cat /tmp/cp.txt)" -d /tmp/walbench docs/benchmarks/issue-18-fourteenth-pass/WalBench.java
//   java -cp "/tmp/walbench:$(cat /tmp/cp.txt)" WalBench
// Printed on 2026-12-04 (embedded PostgreSQL 17.11): old 6,206 / 6,211 / 6,203, new 4,018 / 4,018 / 4,027 bytes per event.
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.*;

public class WalBench {
    public static void main(String[] args) throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start(); Connection c = pg.getPostgresDatabase().getConnection()) {
            Statement s = c.createStatement();
            s.execute("""
                create table webhook_events (
                    id bigint generated always as identity primary key, source text not null, event_id text not null,
                    type text not null, api_version text, livemode boolean not null default false, object_id text,
                    event_created timestamptz, payload text not null, status text not null, attempts integer not null default 0,
                    last_error text, next_attempt_at timestamptz not null, received_at timestamptz not null,
                    processed_at timestamptz, received_via text not null default 'webhook', unique (source, event_id))""");
            s.execute("create index webhook_events_due_idx on webhook_events (next_attempt_at) where status = 'received'");
            s.execute("create index webhook_events_object_idx on webhook_events (object_id)");
            s.execute("create index webhook_events_failed_idx on webhook_events (source, processed_at) where status = 'failed'");
            s.execute("checkpoint");
            for (String way : new String[] {"old", "new", "old", "new", "old", "new"}) {
                s.execute("""
                    insert into webhook_events (source, event_id, type, object_id, payload, status, next_attempt_at, received_at)
                    select 'stripe', 'evt_' || md5(random()::text), 'payment_intent.succeeded', 'pi_' || md5(random()::text),
                           repeat(md5(random()::text), 47), 'received', now(), now() from generate_series(1, 4300)""");
                s.execute("checkpoint");
                long total = 0;
                for (int batch = 0; batch < 100; batch++) {
                    c.setAutoCommit(false);
                    long before = lsn(s);
                    if (way.equals("old")) {
                        s.execute("""
                            update webhook_events set attempts = attempts + 1, next_attempt_at = now() + interval '20 s'
                             where id in (select id from webhook_events where status = 'received' and next_attempt_at <= now()
                                           order by next_attempt_at limit 43 for update skip locked)""");
                        s.execute("update webhook_events set status = 'processed', last_error = null, processed_at = now()"
                                + " where status = 'received' and next_attempt_at > now()");
                    } else {
                        ResultSet rs = s.executeQuery("""
                            select array_agg(id) from (select id from webhook_events where status = 'received'
                             and next_attempt_at <= now() order by next_attempt_at limit 43 for update skip locked) x""");
                        rs.next();
                        Array ids = rs.getArray(1);
                        PreparedStatement p = c.prepareStatement("update webhook_events set status = 'processed',"
                                + " last_error = null, processed_at = now(), attempts = attempts + 1 where id = any(?)");
                        p.setArray(1, ids);
                        p.executeUpdate();
                    }
                    total += lsn(s) - before;
                    c.commit();
                    c.setAutoCommit(true);
                }
                System.out.printf("%s: %,d WAL bytes per event (4,300 events, right after a checkpoint)%n", way, total / 4300);
                s.execute("delete from webhook_events");
                s.execute("vacuum webhook_events");
            }
        }
    }

    static long lsn(Statement s) throws SQLException {
        ResultSet rs = s.executeQuery("select pg_current_wal_insert_lsn() - '0/0'::pg_lsn");
        rs.next();
        return rs.getLong(1);
    }
}
