package dev.checkstand.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.checkstand.platform.database.DataDirectoryInUse;
import dev.checkstand.platform.database.EmbeddedDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class EmbeddedDatabaseTests {

    @Test
    void dataSurvivesARestartAndASecondInstanceIsRefused() throws Exception {
        Path dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "checkstand-db-test");
        try (EmbeddedDatabase first = EmbeddedDatabase.start(dir, true)) {
            execute(first, "create table survivors (name text); insert into survivors values ('order-1')");
            assertThatThrownBy(() -> EmbeddedDatabase.start(dir, true))
                    .isInstanceOf(DataDirectoryInUse.class)
                    .hasMessageContaining(dir.toAbsolutePath().toString());
        }
        try (EmbeddedDatabase second = EmbeddedDatabase.start(dir, true);
                Connection connection = DriverManager.getConnection(second.jdbcUrl());
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("select name from survivors")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("order-1");
        }
    }

    /**
     * zonky's binaries start PostgreSQL with {@code -F} (no fsync) whatever they are given: the durable mode the
     * service runs in must turn it back on, or a commit "flushed" under {@code synchronous_commit} never reaches the
     * disk. The durable mode also keeps 512 MB of WAL files for reuse, so a burst after a checkpoint does not make
     * them while commits wait. The tests' own mode keeps fsync and synchronous commits off, and PostgreSQL's 80 MB.
     */
    @Test
    void theDurableModeFlushesCommitsToDiskAndKeepsItsWalFilesAndTheTestModeDoesNeither() throws Exception {
        Path durableDir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "checkstand-db-durable");
        try (EmbeddedDatabase durable = EmbeddedDatabase.start(durableDir, true)) {
            assertThat(setting(durable, "fsync")).isEqualTo("on");
            assertThat(setting(durable, "synchronous_commit")).isEqualTo("on");
            assertThat(setting(durable, "min_wal_size")).isEqualTo("512MB");
        }
        Path testDir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "checkstand-db-fast");
        try (EmbeddedDatabase fast = EmbeddedDatabase.start(testDir, false)) {
            assertThat(setting(fast, "fsync")).isEqualTo("off");
            assertThat(setting(fast, "synchronous_commit")).isEqualTo("off");
            assertThat(setting(fast, "min_wal_size")).isEqualTo("80MB");
        }
    }

    private static String setting(EmbeddedDatabase database, String name) throws Exception {
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl());
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("show " + name)) {
            assertThat(rows.next()).isTrue();
            return rows.getString(1);
        }
    }

    private static void execute(EmbeddedDatabase database, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl());
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
