package dev.checkstand.payment;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The payment module's job. */
@Configuration(proxyBeanMethods = false)
class PaymentConfiguration {

    /** Finishes or compensates PaymentIntents and Checkout Sessions left half-created. */
    @Bean
    RecurringTask<Void> paymentRecoveryJob(PaymentRecovery recovery, RecoverySettings settings) {
        return Tasks.recurring("payment-recovery", FixedDelay.of(settings.interval()))
                .execute((instance, context) -> recovery.scheduled());
    }

    /** Captures or releases authorizations near their lapse, and carries on decisions about them left half-done. */
    @Bean
    RecurringTask<Void> authorizationReviewJob(Authorizations authorizations, CaptureSettings settings) {
        return Tasks.recurring("authorization-review", FixedDelay.of(settings.interval()))
                .execute((instance, context) -> authorizations.reviewDue());
    }
}
