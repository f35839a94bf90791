package dev.checkstand.platform.database;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import javax.sql.DataSource;

/**
 * Opens connections to the service's database outside its pool, with the pool's own URL, credentials and driver
 * properties: for a connection held for the life of the instance, which would otherwise take a pooled one for good.
 */
final class UnpooledConnections {

    private final String url;
    private final Properties properties;

    private UnpooledConnections(String url, Properties properties) {
        this.url = url;
        this.properties = properties;
    }

    /** The connections of {@code dataSource}'s pool, which must be HikariCP's (both the embedded and an external one are). */
    static UnpooledConnections of(DataSource dataSource) {
        HikariDataSource pool;
        try {
            pool = dataSource.unwrap(HikariDataSource.class);
        } catch (SQLException e) {
            throw new IllegalStateException("The database's DataSource is no HikariCP pool (" + dataSource.getClass()
                    + "): set SPRING_DATASOURCE_URL and let Spring Boot build the pool", e);
        }
        if (pool.getJdbcUrl() == null) {
            throw new IllegalStateException("The database pool has no JDBC URL: set SPRING_DATASOURCE_URL");
        }
        Properties properties = new Properties();
        properties.putAll(pool.getDataSourceProperties());
        if (pool.getUsername() != null) {
            properties.setProperty("user", pool.getUsername());
        }
        if (pool.getPassword() != null) {
            properties.setProperty("password", pool.getPassword());
        }
        // A peer that vanished without closing the connection is found by TCP keep-alives, a slow connect gives up.
        properties.setProperty("tcpKeepAlive", "true");
        properties.setProperty("connectTimeout", "10");
        return new UnpooledConnections(pool.getJdbcUrl(), properties);
    }

    /** A new auto-commit connection named {@code applicationName} in {@code pg_stat_activity}. */
    Connection open(String applicationName) throws SQLException {
        Properties named = new Properties();
        named.putAll(properties);
        named.setProperty("ApplicationName", applicationName);
        return DriverManager.getConnection(url, named);
    }
}
