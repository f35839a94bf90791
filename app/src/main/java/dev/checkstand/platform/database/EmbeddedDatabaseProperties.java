package dev.checkstand.platform.database;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Where the embedded PostgreSQL keeps its data ({@code CHECKSTAND_DATA_DIR}) and how durably it commits. */
@ConfigurationProperties("checkstand.embedded-database")
record EmbeddedDatabaseProperties(@DefaultValue("./data") Path dataDir, @DefaultValue("true") boolean synchronousCommit) {
}
