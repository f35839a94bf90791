package dev.checkstand.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a database's statements cost between two moments, from PostgreSQL's own {@code pg_stat_statements}: calls and
 * execution time by statement (normalised: literals are parameters), so a figure can say how many statements of each
 * kind one unit of work ran — counted by the server, not by reading the code.
 */
final class StatementProfile {

    /** One normalised statement: how often it ran and for how long, in all. */
    record Row(String query, long calls, double totalMillis, long rows) {
    }

    private final Postgres postgres;
    private final String database;

    StatementProfile(Postgres postgres, String database) {
        this.postgres = postgres;
        this.database = database;
    }

    /** Starts counting from now: the extension is created in the database and every counter reset. */
    void reset() {
        try (Connection c = postgres.connect(database); Statement s = c.createStatement()) {
            s.execute("create extension if not exists pg_stat_statements");
            s.execute("select pg_stat_statements_reset()");
        } catch (SQLException e) {
            throw new IllegalStateException("could not reset pg_stat_statements", e);
        }
    }

    /** Every statement run in this database since {@link #reset}, most called first (its own queries left out). */
    List<Row> read() {
        List<Row> rows = new ArrayList<>();
        try (Connection c = postgres.connect(database); PreparedStatement s = c.prepareStatement("""
                select query, calls, total_exec_time, rows from pg_stat_statements
                 where dbid = (select oid from pg_database where datname = current_database())
                   and query not like '%pg_stat_statements%' and query not like '%pg_stat_activity%'
                 order by calls desc, total_exec_time desc""");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                rows.add(new Row(rs.getString(1), rs.getLong(2), rs.getDouble(3), rs.getLong(4)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read pg_stat_statements", e);
        }
        return rows;
    }

    /** Every statement's calls per unit, summed. */
    static double callsPer(List<Row> rows, long units) {
        return rows.stream().mapToLong(Row::calls).sum() / (double) Math.max(1, units);
    }

    /** The statement's first words, on one line, short enough for a table cell. */
    static String shortened(String query) {
        String oneLine = query.replaceAll("\\s+", " ").trim().replace("|", "\\|");
        return oneLine.length() <= 110 ? oneLine : oneLine.substring(0, 107) + "…";
    }

    /** A markdown table of the statements run per {@code units} (e.g. per paid order), those below 0.01 per unit left out. */
    static String table(List<Row> rows, long units, String unit) {
        StringBuilder t = new StringBuilder("| statement (normalised) | calls per " + unit + " | ms per " + unit
                + " | rows per call |\n|---|---|---|---|\n");
        double calls = 0;
        double millis = 0;
        for (Row row : rows) {
            double perUnit = (double) row.calls() / units;
            calls += perUnit;
            millis += row.totalMillis() / units;
            if (perUnit >= 0.01) {
                t.append("| `").append(shortened(row.query())).append("` | ")
                        .append(String.format(Locale.ROOT, "%.2f", perUnit)).append(" | ")
                        .append(String.format(Locale.ROOT, "%.3f", row.totalMillis() / units)).append(" | ")
                        .append(String.format(Locale.ROOT, "%.1f", row.calls() == 0 ? 0 : (double) row.rows() / row.calls()))
                        .append(" |\n");
            }
        }
        t.append("| **all statements** | **").append(String.format(Locale.ROOT, "%.2f", calls)).append("** | **")
                .append(String.format(Locale.ROOT, "%.3f", millis)).append("** | |\n");
        return t.toString();
    }
}
