package dev.checkstand.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.transaction.CannotCreateTransactionException;

/** Which failures mean "the database is not there now" (503 database_unavailable) rather than a bug (500). */
class DatabaseUnavailableTests {

    @Test
    void connectionFailuresAndServerShutdownsAreTheDatabaseBeingUnavailable() {
        assertThat(ProblemResponses.databaseUnavailable(new CannotGetJdbcConnectionException("no connection",
                new SQLException("refused", "08001")))).isTrue();
        assertThat(ProblemResponses.databaseUnavailable(new CannotCreateTransactionException("no tx"))).isTrue();
        assertThat(ProblemResponses.databaseUnavailable(new UncategorizedSQLException("update", "update x",
                new SQLException("terminating connection due to administrator command", "57P01")))).isTrue();
        assertThat(ProblemResponses.databaseUnavailable(new RuntimeException("wrapped",
                new SQLException("An I/O error occurred", "08006")))).isTrue();
        // What the chaos run's PostgreSQL restart gave: the connection went, so the rollback failed as well, and
        // Spring throws the rollback's exception with the original kept as its application exception.
        org.springframework.transaction.TransactionSystemException rollbackFailed =
                new org.springframework.transaction.TransactionSystemException("JDBC rollback failed",
                        new SQLException("Connection is closed"));
        rollbackFailed.initApplicationException(new org.springframework.dao.DataAccessResourceFailureException(
                "select", new SQLException("terminating connection due to administrator command", "57P01")));
        assertThat(ProblemResponses.databaseUnavailable(rollbackFailed)).isTrue();
    }

    @Test
    void otherDatabaseErrorsAndBugsAreNot() {
        assertThat(ProblemResponses.databaseUnavailable(new DataIntegrityViolationException("duplicate",
                new SQLException("duplicate key", "23505")))).isFalse();
        assertThat(ProblemResponses.databaseUnavailable(new QueryTimeoutException("slow"))).isFalse();
        assertThat(ProblemResponses.databaseUnavailable(new IllegalStateException("a bug"))).isFalse();
        assertThat(ProblemResponses.databaseUnavailable(new UncategorizedSQLException("select", "select x",
                new SQLException("syntax", "42601")))).isFalse();
        org.springframework.transaction.TransactionSystemException rollbackAfterBug =
                new org.springframework.transaction.TransactionSystemException("JDBC rollback failed",
                        new SQLException("Connection is closed"));
        rollbackAfterBug.initApplicationException(new IllegalStateException("a bug"));
        assertThat(ProblemResponses.databaseUnavailable(rollbackAfterBug)).isFalse();
    }
}
