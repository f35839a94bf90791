package dev.checkstand.refund;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The refund module's job, on the recovery settings ({@code checkstand.recovery.enabled}, {@code .interval}). */
@Configuration(proxyBeanMethods = false)
class RefundConfiguration {

    /** Repeats refund calls Stripe has not answered. */
    @Bean
    RecurringTask<Void> refundRecoveryJob(RefundRecovery recovery, RecoverySettings settings) {
        return Tasks.recurring("refund-recovery", FixedDelay.of(settings.interval()))
                .execute((instance, context) -> {
                    if (settings.enabled()) {
                        recovery.runOnce();
                    }
                });
    }
}
