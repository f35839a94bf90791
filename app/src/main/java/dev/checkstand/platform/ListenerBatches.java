package dev.checkstand.platform;

import java.lang.reflect.UndeclaredThrowableException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.aop.Advisor;
import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.core.Ordered;
import org.springframework.core.task.TaskDecorator;
import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs the {@link BatchedModuleListener}s: {@code checkstand.events.batch-threads} (2) threads, each taking what is
 * waiting — up to {@code checkstand.events.batch-size} (32) listener runs — into one transaction and committing it
 * once. The runs first go <em>together</em>, with no savepoint between them, and once all are in: each is held as it
 * enters, the {@link ListenerBatchPreparer}s are told the events of all of them (and read what the runs will read, by
 * one statement for the batch), then the held runs go in order; the completions of their publications are
 * kept by the batch and written by one statement just before it commits
 * ({@link EventPublicationCompletion.WrittenTogether}), so a run's work and its completion commit together or not at
 * all. When a run fails, the runs after it are skipped and the batch rolls back; then all of them run again in a new
 * transaction, each in a savepoint of it (the {@link #batchedListenerSavepoints advisor}, inside Spring Modulith's
 * completion), so the one at fault rolls back alone and is marked failed in a transaction of its own (by Modulith),
 * while the others commit. To be run again, each run is kept as it enters the batch, before Modulith's completion
 * ({@link #batchedListenerRunsKept the other advisor}). As the inbox does with stored events: the common case pays no
 * savepoint (two statements per run, a third of the statements of a paid order's follow-up), a failure pays the
 * batch twice. Runs of one batch share what they read through {@link BatchReads}. A batch whose commit itself fails
 * (what its runs put off to just before it, such as their emails' rows, written together) is run again in the same
 * way, each run in a savepoint and writing at once, so a run whose write cannot be made fails alone. A batch that
 * fails again leaves its publications incomplete; {@code event-resubmission} runs them again.
 * <p>
 * At most {@code checkstand.events.batch-queue} (1000) runs wait; when the queue is full, the thread that published
 * runs the listener itself, in a batch of one in a new transaction (the publisher's has committed by then), which slows
 * the publisher instead of growing the queue. While webhook deliveries arrive, a thread waits for its turn among the
 * background batches ({@link BackgroundTurns}) before it takes the waiting runs. The batch size stays below
 * PostgreSQL's 64 cached subtransactions per backend, past which every snapshot taken elsewhere gets slower, for when a
 * batch runs each in a savepoint. What is queued when the instance stops is not lost: its publications are incomplete,
 * and run again.
 */
@Configuration(proxyBeanMethods = false)
class ListenerBatches {

    /** The executor's bean name, which {@link BatchedModuleListener}'s {@code @Async} names. */
    static final String EXECUTOR = "listenerBatchExecutor";

    @Bean(name = EXECUTOR, destroyMethod = "close")
    BatchingExecutor listenerBatchExecutor(PlatformTransactionManager transactions,
            ObjectProvider<ListenerBatchPreparer> preparers, @Value("${checkstand.events.batch-threads:2}") int threads,
            @Value("${checkstand.events.batch-size:32}") int size,
            @Value("${checkstand.events.batch-queue:1000}") int queue, TaskDecorator logContextDecorator,
            BackgroundTurns turns) {
        if (threads < 1 || size < 1 || size > 60 || queue < 1) {
            throw new IllegalArgumentException("checkstand.events.batch-threads and .batch-queue must be at least 1,"
                    + " .batch-size between 1 and 60");
        }
        return new BatchingExecutor(transactions, preparers, threads, size, queue, logContextDecorator, turns);
    }

    /**
     * Keeps each run of a {@link BatchedModuleListener} in a batch that goes together, so that it can be run again —
     * Spring Modulith's completion included — if another run of the batch fails, and skips it once one has.
     */
    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    static Advisor batchedListenerRunsKept() {
        DefaultPointcutAdvisor advisor = new DefaultPointcutAdvisor(
                new AnnotationMatchingPointcut(null, BatchedModuleListener.class, true), new Kept());
        // Outside Spring Modulith's completion interceptor (HIGHEST_PRECEDENCE + 10), inside @Async's (first of all):
        // on the batch's thread, before the completion.
        advisor.setOrder(Ordered.HIGHEST_PRECEDENCE + 7);
        return advisor;
    }

    /** Puts each run of a {@link BatchedModuleListener} in a savepoint of its batch's transaction, when it has to. */
    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    static Advisor batchedListenerSavepoints(ObjectProvider<PlatformTransactionManager> transactions) {
        DefaultPointcutAdvisor advisor = new DefaultPointcutAdvisor(
                new AnnotationMatchingPointcut(null, BatchedModuleListener.class, true), new Savepoint(transactions));
        // Inside Spring Modulith's completion interceptor (HIGHEST_PRECEDENCE + 10): the completion is written after
        // the savepoint is released, or the failure after it is rolled back.
        advisor.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
        return advisor;
    }

    private static final class Savepoint implements MethodInterceptor {

        private final ObjectProvider<PlatformTransactionManager> transactions;
        private volatile PlatformTransactionManager manager;
        private volatile TransactionTemplate nested;
        private volatile TransactionTemplate own;

        Savepoint(ObjectProvider<PlatformTransactionManager> transactions) {
            this.transactions = transactions;
        }

        @Override
        public Object invoke(MethodInvocation invocation) throws Throwable {
            // Outside a batch (a direct call) the run gets a transaction of its own.
            ListenerBatch batch = ListenerBatch.current();
            if (batch != null && !batch.savepoints()) {
                return together(invocation, batch);
            }
            TransactionTemplate template = batch != null ? nested() : own();
            try {
                return template.execute(status -> {
                    try {
                        Object result = invocation.proceed();
                        String unusable = batch != null ? leftUnusable(manager()) : null;
                        if (unusable != null) {
                            // Rolled back to the savepoint, which is all that can bring the transaction back.
                            throw new IllegalStateException(unusable);
                        }
                        return result;
                    } catch (RuntimeException | Error e) {
                        throw e;
                    } catch (Throwable e) {
                        throw new UndeclaredThrowableException(e);
                    }
                });
            } catch (UndeclaredThrowableException e) {
                runRolledBack(batch);
                throw e.getUndeclaredThrowable();
            } catch (RuntimeException | Error e) {
                runRolledBack(batch);
                throw e;
            }
        }

        // No savepoint: a failure is not the run's alone to undo, but the batch's. Returning normally lets Modulith
        // record the completion, which the batch's rollback discards with everything else; the run goes again in a
        // savepoint, where a failure is marked as such.
        private Object together(MethodInvocation invocation, ListenerBatch batch) {
            try {
                Object result = invocation.proceed();
                String unusable = leftUnusable(manager());
                if (unusable != null) {
                    batch.failed(new IllegalStateException(unusable));
                }
                return result;
            } catch (Throwable e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                batch.failed(e);
                return null;
            }
        }

        /**
         * Why the transaction a run returned from normally cannot go on, or null when it can: the run caught the
         * failure of a transaction it joined, which marked the shared one rollback-only, or caught an SQL error,
         * after which PostgreSQL refuses every later statement (the completions' included). Both are flags Spring and
         * the driver already hold; no round trip.
         */
        private static String leftUnusable(PlatformTransactionManager transactions) {
            if (!(transactions instanceof DataSourceTransactionManager jdbc)
                    || !(TransactionSynchronizationManager.getResource(jdbc.getDataSource())
                            instanceof ConnectionHolder holder)) {
                return null;
            }
            if (holder.isRollbackOnly()) {
                return "an event listener run left its transaction marked rollback-only";
            }
            try {
                return holder.getConnection().unwrap(BaseConnection.class).getTransactionState()
                        == TransactionState.FAILED ? "an event listener run caught an SQL error and left its"
                        + " transaction aborted" : null;
            } catch (SQLException | IllegalStateException e) {
                // Not PostgreSQL's driver, or no connection held: nothing to tell.
                return null;
            }
        }

        private static void runRolledBack(ListenerBatch batch) {
            if (batch != null) {
                batch.runRolledBack();
            }
        }

        private PlatformTransactionManager manager() {
            if (manager == null) {
                manager = transactions.getObject();
            }
            return manager;
        }

        private TransactionTemplate nested() {
            if (nested == null) {
                nested = template(TransactionDefinition.PROPAGATION_NESTED);
            }
            return nested;
        }

        private TransactionTemplate own() {
            if (own == null) {
                own = template(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
            }
            return own;
        }

        private TransactionTemplate template(int propagation) {
            TransactionTemplate template = new TransactionTemplate(manager());
            template.setPropagationBehavior(propagation);
            return template;
        }
    }

    /** Keeps a run for running again; skips it when its batch has already failed. */
    private static final class Kept implements MethodInterceptor {

        @Override
        public Object invoke(MethodInvocation invocation) throws Throwable {
            ListenerBatch batch = ListenerBatch.current();
            if (batch == null || batch.savepoints() || !(invocation instanceof ProxyMethodInvocation proxied)) {
                return invocation.proceed();
            }
            // Cloned before it proceeds, so the clone runs the rest of the chain (Modulith's completion too) afresh;
            // and cloned again for each run of it, since proceeding moves a clone along the chain for good.
            ProxyMethodInvocation again = (ProxyMethodInvocation) proxied.invocableClone();
            Map<String, String> logContext = MDC.getCopyOfContextMap();
            Runnable run = () -> runAgain(again.invocableClone(), logContext);
            batch.keep(run);
            if (batch.taking()) {
                // Goes once the batch has taken in all its runs and its preparers have seen their events.
                Object[] arguments = invocation.getArguments();
                batch.hold(run, arguments.length > 0 ? arguments[0] : null);
                return null;
            }
            return batch.failure() == null ? invocation.proceed() : null;
        }

        // On the batch's thread, with the log context the run had (the publisher's, as the task decorator gave it).
        private static void runAgain(MethodInvocation again, Map<String, String> logContext) {
            Map<String, String> before = MDC.getCopyOfContextMap();
            setContext(logContext);
            try {
                again.proceed();
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new UndeclaredThrowableException(e);
            } finally {
                setContext(before);
            }
        }

        private static void setContext(Map<String, String> context) {
            if (context == null) {
                MDC.clear();
            } else {
                MDC.setContextMap(context);
            }
        }
    }

    /** A fixed set of threads that take waiting tasks in batches and run each batch in one transaction. */
    static final class BatchingExecutor implements Executor, AutoCloseable {

        private static final Logger log = LoggerFactory.getLogger(BatchingExecutor.class);
        private static final Duration STOP_WAIT = Duration.ofSeconds(5);

        private final TransactionTemplate batchTransaction;
        private final ObjectProvider<ListenerBatchPreparer> preparers;
        private volatile List<ListenerBatchPreparer> preparerList;
        private final int size;
        private final BlockingQueue<Runnable> queue;
        private final TaskDecorator decorator;
        private final BackgroundTurns turns;
        private final List<Thread> threads = new ArrayList<>();
        private volatile boolean running = true;

        BatchingExecutor(PlatformTransactionManager transactions, ObjectProvider<ListenerBatchPreparer> preparers,
                int threads, int size, int queue, TaskDecorator decorator, BackgroundTurns turns) {
            this.batchTransaction = new TransactionTemplate(transactions);
            this.preparers = preparers;
            // A new transaction also where the caller runs a task itself, after its own transaction has committed.
            this.batchTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
            this.size = size;
            this.queue = new LinkedBlockingQueue<>(queue);
            this.decorator = decorator;
            this.turns = turns;
            for (int i = 0; i < threads; i++) {
                Thread thread = new Thread(this::work, "listener-batch-" + i);
                thread.setDaemon(true);
                this.threads.add(thread);
                thread.start();
            }
        }

        @Override
        public void execute(Runnable task) {
            Runnable decorated = decorator.decorate(task);
            if (!running || !queue.offer(decorated)) {
                run(List.of(decorated));
            }
        }

        /** How many runs wait for a thread. */
        int waiting() {
            return queue.size();
        }

        private void work() {
            List<Runnable> batch = new ArrayList<>(size);
            while (running) {
                try {
                    batch.add(queue.take());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                // While webhook deliveries arrive, after the background batch before it (more runs wait meanwhile).
                try (BackgroundTurns.Turn turn = turns.await("listeners")) {
                    queue.drainTo(batch, size - 1);
                    run(batch);
                } catch (Throwable e) {
                    // Whatever a batch throws (an OutOfMemoryError let through below), the thread stays: its
                    // publications are incomplete and event resubmission runs them again.
                    log.error("A batch of {} event listener runs ended abruptly", batch.size(), e);
                }
                batch.clear();
            }
        }

        // Together first; if a run failed, or the commit did (what the runs put off to it, such as their emails
        // written together), everything again, each run in a savepoint and writing at once.
        private void run(List<Runnable> tasks) {
            Attempt together = inTransaction(false, tasks, Set.of());
            if (together.batch() == null || together.commitFailure() == null && together.batch().failure() == null) {
                return;
            }
            if (!running) {
                // Stopping: the runs' publications stay incomplete, for resubmission (here or on another instance).
                return;
            }
            log.debug("A batch of {} event listener runs rolled back ({}); each again in a savepoint", tasks.size(),
                    together.commitFailure() == null ? together.batch().failure().toString()
                            : "its commit failed: " + together.commitFailure());
            inTransaction(true, together.batch().kept(), together.batch().concluded());
        }

        /**
         * A batch's transaction as it ended: its runs ({@code batch}, null if none began), and what its end threw
         * (null when it committed, or rolled back for a run that failed).
         */
        private record Attempt(ListenerBatch batch, RuntimeException commitFailure) {
        }

        private Attempt inTransaction(boolean savepoints, List<Runnable> tasks, Set<List<Object>> concluded) {
            ListenerBatch[] begun = new ListenerBatch[1];
            int[] completion = {TransactionSynchronization.STATUS_UNKNOWN};
            try {
                batchTransaction.executeWithoutResult(status -> {
                    TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                        @Override
                        public void afterCompletion(int outcome) {
                            completion[0] = outcome;
                        }
                    });
                    // Only while the runs are: the callbacks after the commit (a caller running a batch of its own
                    // among them) are outside this batch.
                    ListenerBatch scope = ListenerBatch.begin(savepoints, concluded);
                    begun[0] = scope;
                    try {
                        if (savepoints) {
                            tasks.forEach(task -> runOne(task, scope));
                        } else {
                            together(tasks, scope);
                        }
                        if (scope.failure() == null) {
                            scope.complete();
                        }
                    } finally {
                        scope.end();
                    }
                    if (scope.failure() != null) {
                        status.setRollbackOnly();
                    }
                });
                return new Attempt(begun[0], null);
            } catch (RuntimeException e) {
                if (completion[0] == TransactionSynchronization.STATUS_COMMITTED) {
                    // Committed; what failed is work after the commit (handing an email's sending to an executor
                    // that is shutting down, say), not the batch's.
                    log.warn("Work after the commit of a batch of {} event listener runs failed ({})", tasks.size(),
                            e.toString());
                    return new Attempt(begun[0], null);
                }
                log.warn("A batch of {} event listener runs did not commit ({}); {}", tasks.size(), e.toString(),
                        savepoints || begun[0] == null || !running ? "their publications stay incomplete and are run"
                                + " again" : "each is run again in a savepoint");
                return new Attempt(begun[0], e);
            }
        }

        // Takes every run in first, holding it (a task that is not a listener's run runs as it comes); then the
        // preparers see the events, then the held runs go, until one fails.
        private void together(List<Runnable> tasks, ListenerBatch scope) {
            scope.taking(true);
            try {
                tasks.forEach(task -> runOne(task, scope));
            } finally {
                scope.taking(false);
            }
            List<Object> events = scope.events();
            if (!events.isEmpty() && scope.failure() == null) {
                for (ListenerBatchPreparer preparer : preparers()) {
                    try {
                        preparer.prepare(events);
                    } catch (RuntimeException e) {
                        scope.failed(e);
                        return;
                    }
                }
            }
            for (Runnable run : scope.held()) {
                if (scope.failure() != null) {
                    return;
                }
                guarded(run, scope);
            }
        }

        private List<ListenerBatchPreparer> preparers() {
            if (preparerList == null) {
                preparerList = preparers.orderedStream().toList();
            }
            return preparerList;
        }

        private static void runOne(Runnable task, ListenerBatch scope) {
            int kept = scope.keptCount();
            guarded(task, scope);
            if (!scope.savepoints() && scope.keptCount() == kept) {
                // Not a listener's run (nothing kept it): the task itself is run again.
                scope.keep(task);
            }
        }

        private static void guarded(Runnable task, ListenerBatch scope) {
            try {
                task.run();
            } catch (VirtualMachineError e) {
                throw e;
            } catch (RuntimeException | Error e) {
                // An @Async listener's failure is handled inside its task; anything else is logged here and the batch
                // goes on — together, it is to be run again.
                if (scope.savepoints()) {
                    log.error("A batched event listener run failed", e);
                } else {
                    scope.failed(e);
                }
            }
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            threads.forEach(Thread::interrupt);
            for (Thread thread : threads) {
                thread.join(STOP_WAIT.toMillis());
            }
        }
    }
}
