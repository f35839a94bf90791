package dev.checkstand.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link TransactionBound} on Spring's own transaction manager (its connections stand-ins that accept every call):
 * one callback per transaction, registered with it; its own for an inner transaction that requires a new one; none
 * once the transaction completes; a fresh one for the next.
 */
class TransactionBoundTests {

    private static final Object KEY = new Object();

    private final DataSourceTransactionManager manager = new DataSourceTransactionManager(connections());
    private final TransactionTemplate required = new TransactionTemplate(manager);
    private final TransactionTemplate requiresNew = new TransactionTemplate(manager);
    private final AtomicInteger made = new AtomicInteger();
    private final AtomicInteger toldBeforeCommit = new AtomicInteger();

    TransactionBoundTests() {
        requiresNew.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    @Test
    void oneObjectPerTransactionWhoeverAsks() {
        List<Object> seen = new ArrayList<>();
        required.executeWithoutResult(outer -> {
            seen.add(bound());
            required.executeWithoutResult(joined -> seen.add(bound()));
            seen.add(bound());
        });
        assertThat(seen).hasSize(3).doesNotContainNull();
        assertThat(seen.get(1)).isSameAs(seen.get(0));
        assertThat(seen.get(2)).isSameAs(seen.get(0));
        assertThat(made).hasValue(1);
        assertThat(toldBeforeCommit).as("registered with its transaction once").hasValue(1);
    }

    @Test
    void anInnerTransactionOfItsOwnHasItsOwnAndTheOuterGetsItsBack() {
        List<Object> seen = new ArrayList<>();
        required.executeWithoutResult(outer -> {
            seen.add(bound());
            requiresNew.executeWithoutResult(inner -> {
                seen.add(bound());
                seen.add(bound());
            });
            seen.add(bound());
        });
        assertThat(seen.get(1)).isNotSameAs(seen.get(0));
        assertThat(seen.get(2)).isSameAs(seen.get(1));
        assertThat(seen.get(3)).isSameAs(seen.get(0));
        assertThat(made).hasValue(2);
    }

    @Test
    void noneOnceTheTransactionCompletesAndAFreshOneForTheNext() {
        AtomicReference<Object> first = new AtomicReference<>();
        AtomicReference<Object> afterCommit = new AtomicReference<>("not asked");
        AtomicReference<Object> afterCompletion = new AtomicReference<>("not asked");
        required.executeWithoutResult(status -> {
            first.set(bound());
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    afterCommit.set(bound());
                }

                @Override
                public void afterCompletion(int completion) {
                    afterCompletion.set(bound());
                }
            });
        });
        assertThat(afterCommit.get()).isNull();
        assertThat(afterCompletion.get()).isNull();
        Object next = required.execute(status -> bound());
        assertThat(next).isNotNull().isNotSameAs(first.get());
        assertThat(made).hasValue(2);
    }

    @Test
    void aRolledBackTransactionLeavesNothingForTheNext() {
        Object rolledBack = required.execute(status -> {
            status.setRollbackOnly();
            return bound();
        });
        Object next = required.execute(status -> bound());
        assertThat(next).isNotNull().isNotSameAs(rolledBack);
    }

    @Test
    void noneOutsideATransaction() {
        assertThat(bound()).isNull();
        assertThat(made).hasValue(0);
    }

    private Object bound() {
        return TransactionBound.get(KEY, () -> {
            made.incrementAndGet();
            return new TransactionSynchronization() {
                @Override
                public void beforeCommit(boolean readOnly) {
                    toldBeforeCommit.incrementAndGet();
                }
            };
        });
    }

    // A data source whose connections accept every call: what Spring's transaction manager needs of them here.
    private static DataSource connections() {
        return (DataSource) Proxy.newProxyInstance(TransactionBoundTests.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getConnection" -> connection();
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> null;
                });
    }

    private static Connection connection() {
        return (Connection) Proxy.newProxyInstance(TransactionBoundTests.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getAutoCommit" -> true;
                    case "isClosed", "isReadOnly" -> false;
                    case "getTransactionIsolation" -> Connection.TRANSACTION_READ_COMMITTED;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> null;
                });
    }
}
