package dev.checkstand.platform;

import dev.checkstand.common.LogContext;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskDecorator;

/** The clock all time comes from, so tests can move it; the log context carried into asynchronous work. */
@Configuration(proxyBeanMethods = false)
class PlatformConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * Work handed to the application's task executor (asynchronous event listeners among it) logs with the order,
     * event and request of the code that handed it over; Spring Boot applies this decorator to that executor.
     */
    @Bean
    TaskDecorator logContextDecorator() {
        return LogContext::carried;
    }
}
