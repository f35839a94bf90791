package dev.checkstand.platform;

import java.lang.reflect.UndeclaredThrowableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.Advisor;
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
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs the {@link BatchedModuleListener}s: {@code checkstand.events.batch-threads} (2) threads, each taking what is
 * waiting — up to {@code checkstand.events.batch-size} (32) listener runs — into one transaction and committing it
 * once. Each run is a savepoint of that transaction (the {@link #batchedListenerSavepoints advisor}, inside Spring
 * Modulith's completion), so a run that fails rolls back alone and is marked failed in a transaction of its own (by
 * Modulith), while the completions of the runs that succeeded are kept by the batch and written by one statement just
 * before it commits ({@link EventPublicationCompletion.WrittenTogether}): a run's work and its completion commit
 * together or not at all. Runs of one batch share what they read through {@link BatchReads}. A batch whose commit
 * fails leaves every publication in it incomplete; {@code event-resubmission} runs them again.
 * <p>
 * At most {@code checkstand.events.batch-queue} (1000) runs wait; when the queue is full, the thread that published
 * runs the listener itself, in a batch of one in a new transaction (the publisher's has committed by then), which slows
 * the publisher instead of growing the queue. The batch size stays below PostgreSQL's 64 cached subtransactions per
 * backend, past which every snapshot taken elsewhere gets slower. What is queued when the instance stops is not lost:
 * its publications are incomplete, and run again.
 */
@Configuration(proxyBeanMethods = false)
class ListenerBatches {

    /** The executor's bean name, which {@link BatchedModuleListener}'s {@code @Async} names. */
    static final String EXECUTOR = "listenerBatchExecutor";

    @Bean(name = EXECUTOR, destroyMethod = "close")
    BatchingExecutor listenerBatchExecutor(PlatformTransactionManager transactions,
            @Value("${checkstand.events.batch-threads:2}") int threads,
            @Value("${checkstand.events.batch-size:32}") int size,
            @Value("${checkstand.events.batch-queue:1000}") int queue, TaskDecorator logContextDecorator) {
        if (threads < 1 || size < 1 || size > 60 || queue < 1) {
            throw new IllegalArgumentException("checkstand.events.batch-threads and .batch-queue must be at least 1,"
                    + " .batch-size between 1 and 60");
        }
        return new BatchingExecutor(transactions, threads, size, queue, logContextDecorator);
    }

    /** Puts each run of a {@link BatchedModuleListener} in a savepoint of its batch's transaction. */
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
        private volatile TransactionTemplate nested;
        private volatile TransactionTemplate own;

        Savepoint(ObjectProvider<PlatformTransactionManager> transactions) {
            this.transactions = transactions;
        }

        @Override
        public Object invoke(MethodInvocation invocation) throws Throwable {
            // Outside a batch (a direct call) the run gets a transaction of its own.
            ListenerBatch batch = ListenerBatch.current();
            TransactionTemplate template = batch != null ? nested() : own();
            try {
                return template.execute(status -> {
                    try {
                        return invocation.proceed();
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

        private static void runRolledBack(ListenerBatch batch) {
            if (batch != null) {
                batch.runRolledBack();
            }
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
            TransactionTemplate template = new TransactionTemplate(transactions.getObject());
            template.setPropagationBehavior(propagation);
            return template;
        }
    }

    /** A fixed set of threads that take waiting tasks in batches and run each batch in one transaction. */
    static final class BatchingExecutor implements Executor, AutoCloseable {

        private static final Logger log = LoggerFactory.getLogger(BatchingExecutor.class);
        private static final Duration STOP_WAIT = Duration.ofSeconds(5);

        private final TransactionTemplate batchTransaction;
        private final int size;
        private final BlockingQueue<Runnable> queue;
        private final TaskDecorator decorator;
        private final List<Thread> threads = new ArrayList<>();
        private volatile boolean running = true;

        BatchingExecutor(PlatformTransactionManager transactions, int threads, int size, int queue,
                TaskDecorator decorator) {
            this.batchTransaction = new TransactionTemplate(transactions);
            // A new transaction also where the caller runs a task itself, after its own transaction has committed.
            this.batchTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
            this.size = size;
            this.queue = new LinkedBlockingQueue<>(queue);
            this.decorator = decorator;
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
                queue.drainTo(batch, size - 1);
                run(batch);
                batch.clear();
            }
        }

        private void run(List<Runnable> batch) {
            try {
                batchTransaction.executeWithoutResult(status -> {
                    // Only while the runs are: the callbacks after the commit (a caller running a batch of its own
                    // among them) are outside this batch.
                    ListenerBatch scope = ListenerBatch.begin();
                    try {
                        batch.forEach(BatchingExecutor::runOne);
                    } finally {
                        scope.end();
                    }
                });
            } catch (RuntimeException e) {
                log.warn("A batch of {} event listener runs did not commit ({}); their publications stay incomplete"
                        + " and are run again", batch.size(), e.toString());
            }
        }

        private static void runOne(Runnable task) {
            try {
                task.run();
            } catch (RuntimeException e) {
                // An @Async listener's failure is handled inside its task; anything else is logged here and the batch
                // goes on.
                log.error("A batched event listener run failed outside its savepoint", e);
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
