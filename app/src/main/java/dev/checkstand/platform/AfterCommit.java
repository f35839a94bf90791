package dev.checkstand.platform;

import java.util.concurrent.Executor;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Runs work on an executor once the current transaction has committed (at once when there is none). */
public final class AfterCommit {

    private AfterCommit() {
    }

    public static void execute(Executor executor, Runnable work) {
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
