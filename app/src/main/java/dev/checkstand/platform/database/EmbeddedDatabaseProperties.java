package dev.checkstand.platform.database;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the embedded PostgreSQL keeps its data ({@code CHECKSTAND_DATA_DIR}) and whether its commits are flushed to disk
 * ({@code synchronous_commit} and {@code fsync}; on unless a test turns it off).
 */
@ConfigurationProperties("checkstand.embedded-database")
record EmbeddedDatabaseProperties(@DefaultValue("./data") Path dataDir, @DefaultValue("true") boolean synchronousCommit) {
}
