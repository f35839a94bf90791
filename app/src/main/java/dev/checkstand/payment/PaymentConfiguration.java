package dev.checkstand.payment;

import dev.checkstand.inventory.Inventory;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Clock;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskExecutor;
import org.springframework.transaction.support.TransactionTemplate;

/** Payment module wiring. */
@Configuration(proxyBeanMethods = false)
class PaymentConfiguration {

    @Bean
    PaymentInfrastructure paymentInfrastructure(TransactionTemplate transactions, Clock clock,
            @Qualifier("applicationTaskExecutor") TaskExecutor executor) {
        return new PaymentInfrastructure(transactions, clock, executor);
    }

    /** Finishes or compensates Stripe calls left half-done. */
    @Bean
    RecurringTask<Void> paymentRecoveryJob(PaymentRecovery recovery, RecoverySettings settings) {
        return Tasks.recurring("payment-recovery", FixedDelay.of(settings.interval()))
                .execute((instance, context) -> recovery.scheduled());
    }

    @Bean
    RefundRequests.RefundSupport refundSupport(Inventory inventory, PaymentInfrastructure infra) {
        return new RefundRequests.RefundSupport(inventory, infra);
    }
}
