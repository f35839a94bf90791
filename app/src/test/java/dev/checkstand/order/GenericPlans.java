package dev.checkstand.order;

import dev.checkstand.support.Backends;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The plans PostgreSQL makes for a statement whatever its parameters are ({@code explain (generic_plan)}). */
final class GenericPlans {

    private GenericPlans() {
    }

    /**
     * The generic plan of {@code statement}, its parameters written {@code $1}, {@code $2} with their types cast, after
     * {@code settings} (such as {@code set enable_seqscan = off}) on the same connection.
     */
    static String of(Backends backends, String statement, String... settings) throws SQLException {
        // Simple query mode: the driver sends the text as it is, with its $n, rather than as a prepared statement.
        String url = backends.jdbcUrl() + (backends.jdbcUrl().contains("?") ? "&" : "?") + "preferQueryMode=simple";
        StringBuilder plan = new StringBuilder();
        try (Connection connection = DriverManager.getConnection(url, "postgres", "");
                Statement explain = connection.createStatement()) {
            for (String setting : settings) {
                explain.execute(setting);
            }
            try (ResultSet lines = explain.executeQuery("explain (generic_plan) " + statement)) {
                while (lines.next()) {
                    plan.append(lines.getString(1)).append('\n');
                }
            }
        }
        return plan.toString();
    }
}
