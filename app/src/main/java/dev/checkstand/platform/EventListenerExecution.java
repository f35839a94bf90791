package dev.checkstand.platform;

import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskDecorator;
import org.springframework.scheduling.annotation.AsyncConfigurer;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * The threads that run the asynchronous event listeners ({@code @ApplicationModuleListener}: after the publishing
 * transaction commits, from the event publication registry): {@code checkstand.events.listener-threads} (2) with at
 * most {@code checkstand.events.listener-queue} (1000) waiting. Follow-up work costs more CPU than paying, and under a
 * burst it would otherwise take the cores and the pooled connections from the acknowledgements and payments themselves
 * (Spring Boot's executor runs 8 at once); the listeners that run for nearly every paid order (its confirmation email,
 * its fulfillment record) have threads of their own that run them many to a transaction ({@link ListenerBatches}). When
 * the queue is full, the thread that published runs the listener itself, which slows the publisher instead of growing
 * an unbounded queue. A listener that never ran (the instance stopped) keeps its publication incomplete, and the
 * {@code event-resubmission} job runs it again.
 */
@Configuration(proxyBeanMethods = false)
class EventListenerExecution implements AsyncConfigurer, DisposableBean {

    private final ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();

    EventListenerExecution(@Value("${checkstand.events.listener-threads:2}") int threads,
            @Value("${checkstand.events.listener-queue:1000}") int queue, TaskDecorator logContextDecorator) {
        if (threads < 1 || queue < 0) {
            throw new IllegalArgumentException("checkstand.events.listener-threads must be at least 1 and "
                    + "checkstand.events.listener-queue not negative");
        }
        executor.setCorePoolSize(threads);
        executor.setMaxPoolSize(threads);
        executor.setQueueCapacity(queue);
        executor.setThreadNamePrefix("event-listener-");
        executor.setTaskDecorator(logContextDecorator);
        executor.setRejectedExecutionHandler(new ThreadPoolExecutor.CallerRunsPolicy());
        executor.initialize();
    }

    @Override
    public Executor getAsyncExecutor() {
        return executor;
    }

    @Override
    public void destroy() {
        executor.shutdown();
    }
}
