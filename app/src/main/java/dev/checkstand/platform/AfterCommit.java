package dev.checkstand.platform;

import dev.checkstand.common.LogContext;
import java.util.concurrent.Executor;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Runs work on an executor once the current transaction has committed (at once when there is none), with the log
 * context the caller had ({@link LogContext}: the order, the event, the request it is part of).
 */
public final class AfterCommit {

    private AfterCommit() {
    }

    public static void execute(Executor executor, Runnable task) {
        Runnable work = LogContext.carried(task);
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            executor.execute(work);
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                executor.execute(work);
            }
        });
    }
}
