package dev.checkstand.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a database's tables were written between two moments, from PostgreSQL's own counters: rows inserted, updated
 * (and how many of those updates were HOT, i.e. wrote no index entry because no indexed column changed and the page
 * had room) and deleted, by table ({@code pg_stat_user_tables}), and the write-ahead log the whole server wrote
 * ({@code pg_current_wal_lsn}). Together with {@link StatementProfile} it says what one unit of work costs the
 * database in rows and log, not only in statements.
 */
final class TableWrites {

    /** One table's writes between the two snapshots. */
    record Row(String table, long inserted, long updated, long hotUpdated, long deleted) {

        long written() {
            return inserted + updated + deleted;
        }
    }

    /** The writes of every table that was written, most written first, and the WAL bytes of the whole server. */
    record Delta(List<Row> tables, long walBytes, List<WalKind> walKinds, List<WalKind> walRelations) {
    }

    /** The WAL records of one resource manager (heap, B-tree, hash index, ...): bytes in all, and of full-page images. */
    record WalKind(String kind, long records, long bytes, long fullPageImageBytes) {
    }

    /** Counters at one moment. */
    record Snapshot(Map<String, long[]> tables, String walLsn) {
    }

    // Each backend sends its table counters to the shared statistics at most once a second while busy, and within
    // ten seconds of going idle (PostgreSQL 15+, PGSTAT_IDLE_INTERVAL); a snapshot taken sooner misses the last ones.
    static final long STATS_SETTLE_MILLIS = 11_000;

    private final Postgres postgres;
    private final String database;

    TableWrites(Postgres postgres, String database) {
        this.postgres = postgres;
        this.database = database;
    }

    Snapshot snapshot() {
        Map<String, long[]> tables = new HashMap<>();
        try (Connection c = postgres.connect(database); Statement s = c.createStatement()) {
            String lsn;
            try (ResultSet rs = s.executeQuery("select pg_current_wal_lsn()::text")) {
                rs.next();
                lsn = rs.getString(1);
            }
            try (ResultSet rs = s.executeQuery(
                    "select relname, n_tup_ins, n_tup_upd, n_tup_hot_upd, n_tup_del from pg_stat_user_tables")) {
                while (rs.next()) {
                    tables.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)});
                }
            }
            return new Snapshot(tables, lsn);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the table counters", e);
        }
    }

    /** The writes between {@code before} and now; call it {@link #STATS_SETTLE_MILLIS} after the work stopped. */
    Delta since(Snapshot before) {
        Snapshot after = snapshot();
        List<Row> rows = new ArrayList<>();
        after.tables().forEach((table, now) -> {
            long[] then = before.tables().getOrDefault(table, new long[4]);
            Row row = new Row(table, now[0] - then[0], now[1] - then[1], now[2] - then[2], now[3] - then[3]);
            if (row.written() > 0) {
                rows.add(row);
            }
        });
        rows.sort(Comparator.comparingLong(Row::written).reversed().thenComparing(Row::table));
        try (Connection c = postgres.connect(database); Statement s = c.createStatement()) {
            String end = after.walLsn();
            long bytes;
            try (ResultSet rs = s.executeQuery("select pg_wal_lsn_diff('" + end + "', '" + before.walLsn() + "')")) {
                rs.next();
                bytes = rs.getLong(1);
            }
            // By resource manager and record type (Heap/INSERT, Heap/LOCK, Btree/INSERT_LEAF…), from the log itself
            // (pg_walinspect, PostgreSQL 15+, a contrib module).
            List<WalKind> kinds = new ArrayList<>();
            s.execute("create extension if not exists pg_walinspect");
            try (ResultSet rs = s.executeQuery("select \"resource_manager/record_type\", count, combined_size, fpi_size"
                    + " from pg_get_wal_stats('" + before.walLsn() + "', '" + end + "', true)"
                    + " where count > 0 order by combined_size desc")) {
                while (rs.next()) {
                    kinds.add(new WalKind(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)));
                }
            }
            // By relation: each record counted whole against the relation of its first block (a table, an index, or a
            // table's TOAST storage, named after its table); records with no block (commits) are left out.
            List<WalKind> relations = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("""
                    with blocks as (
                        select relfilenode, count(*) as records, sum(record_length) as bytes
                          from pg_get_wal_block_info('%1$s', '%2$s', false)
                         where block_id = 0 group by relfilenode)
                    select coalesce(t.relname || ' (TOAST)', c.relname, '(other database or catalog)'),
                           sum(b.records), sum(b.bytes)
                      from blocks b
                      left join pg_class c on c.relfilenode = b.relfilenode and b.relfilenode <> 0
                      left join pg_class t on t.reltoastrelid = c.oid
                     group by 1 order by 3 desc""".formatted(before.walLsn(), end))) {
                while (rs.next()) {
                    relations.add(new WalKind(rs.getString(1), rs.getLong(2), rs.getLong(3), 0));
                }
            }
            return new Delta(List.copyOf(rows), bytes, List.copyOf(kinds), List.copyOf(relations));
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the WAL", e);
        }
    }

    /**
     * One line: the WAL per {@code unit} by record type, the largest first, those under 1 % of both bytes and records
     * left out.
     */
    static String walKinds(Delta delta, long units) {
        return walLine(delta.walKinds(), units);
    }

    /**
     * One line: the WAL per {@code unit} by table or index, the largest first, those under 1 % of both bytes and
     * records left out.
     */
    static String walRelations(Delta delta, long units) {
        return walLine(delta.walRelations(), units);
    }

    private static String walLine(List<WalKind> kinds, long units) {
        long all = kinds.stream().mapToLong(WalKind::bytes).sum();
        long records = kinds.stream().mapToLong(WalKind::records).sum();
        StringBuilder line = new StringBuilder();
        for (WalKind kind : kinds) {
            // Small records that come often (row locks) count as much as large ones: either share keeps a kind in.
            if (kind.bytes() * 100 >= all || kind.records() * 100 >= records) {
                line.append(line.isEmpty() ? "" : ", ").append('`').append(kind.kind()).append("` ")
                        .append(String.format(Locale.ROOT, "%,.0f", (double) kind.bytes() / units))
                        .append(String.format(Locale.ROOT, " (%.2f records", (double) kind.records() / units))
                        .append(kind.fullPageImageBytes() > 0 ? String.format(Locale.ROOT, ", %,.0f of page images",
                                (double) kind.fullPageImageBytes() / units) : "")
                        .append(')');
            }
        }
        return line.toString();
    }

    /** A markdown table of the rows written per {@code units} (e.g. per paid order), tables below 0.01 per unit left out. */
    static String table(Delta delta, long units, String unit) {
        StringBuilder t = new StringBuilder("| table | inserted per " + unit + " | updated per " + unit
                + " | of the updates, HOT | deleted per " + unit + " |\n|---|---|---|---|---|\n");
        double inserted = 0;
        double updated = 0;
        double hot = 0;
        double deleted = 0;
        for (Row row : delta.tables()) {
            inserted += (double) row.inserted() / units;
            updated += (double) row.updated() / units;
            hot += (double) row.hotUpdated() / units;
            deleted += (double) row.deleted() / units;
            if ((double) row.written() / units >= 0.01) {
                t.append("| `").append(row.table()).append("` | ").append(perUnit(row.inserted(), units)).append(" | ")
                        .append(perUnit(row.updated(), units)).append(" | ")
                        .append(share(row.hotUpdated(), row.updated())).append(" | ")
                        .append(perUnit(row.deleted(), units)).append(" |\n");
            }
        }
        t.append(String.format(Locale.ROOT, "| **all tables** | **%.2f** | **%.2f** | **%s** | **%.2f** |%n",
                inserted, updated, updated == 0 ? "—" : String.format(Locale.ROOT, "%.0f %%", 100 * hot / updated),
                deleted));
        return t.toString();
    }

    private static String perUnit(long count, long units) {
        return String.format(Locale.ROOT, "%.2f", (double) count / units);
    }

    private static String share(long part, long whole) {
        return whole == 0 ? "—" : String.format(Locale.ROOT, "%.0f %%", 100.0 * part / whole);
    }
}
