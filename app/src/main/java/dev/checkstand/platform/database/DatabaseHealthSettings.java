package dev.checkstand.platform.database;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long the {@code db} health check waits for a connection and its answer before it says DOWN
 * ({@code checkstand.health.database-timeout}); the pool itself may go on trying for its own connection timeout.
 */
@ConfigurationProperties("checkstand.health")
record DatabaseHealthSettings(@DefaultValue("3s") Duration databaseTimeout) {

    DatabaseHealthSettings {
        if (databaseTimeout.isNegative() || databaseTimeout.isZero()) {
            throw new IllegalArgumentException("checkstand.health.database-timeout must be positive");
        }
    }
}
