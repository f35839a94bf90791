package dev.checkstand.reconciliation;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Named positions of the reconciler, kept in the database so they survive restarts and are shared by instances. */
@Repository
class Cursors {

    private final JdbcClient jdbc;

    Cursors(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Instant> position(String name) {
        return jdbc.sql("select position from reconciliation_cursors where name = :name")
                .param("name", name)
                .query((rs, n) -> rs.getTimestamp("position").toInstant())
                .optional();
    }

    /** Moves the cursor to {@code position}, never backwards. */
    void advance(String name, Instant position, Instant now) {
        jdbc.sql("""
                insert into reconciliation_cursors (name, position, updated_at) values (:name, :position, :now)
                on conflict (name) do update
                   set position = greatest(reconciliation_cursors.position, excluded.position), updated_at = excluded.updated_at""")
                .param("name", name)
                .param("position", Timestamp.from(position))
                .param("now", Timestamp.from(now))
                .update();
    }
}
