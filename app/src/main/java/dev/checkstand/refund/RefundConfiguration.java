package dev.checkstand.refund;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The refund module's job, on the recovery settings ({@code checkstand.recovery.enabled}, {@code .interval}). */
@Configuration(proxyBeanMethods = false)
class RefundConfiguration {

    /** Repeats refund calls Stripe has not answered. */
    @Bean
    RecurringTask<Void> refundRecoveryJob(RefundRecovery recovery,
            @Value("${checkstand.recovery.enabled:true}") boolean enabled,
            @Value("${checkstand.recovery.interval:5s}") Duration interval) {
        return Tasks.recurring("refund-recovery", FixedDelay.of(interval))
                .execute((instance, context) -> {
                    if (enabled) {
                        recovery.runOnce();
                    }
                });
    }
}
