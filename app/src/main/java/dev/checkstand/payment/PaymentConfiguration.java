package dev.checkstand.payment;

import dev.checkstand.inventory.Inventory;
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

    @Bean
    RefundRequests.RefundSupport refundSupport(Inventory inventory, PaymentInfrastructure infra) {
        return new RefundRequests.RefundSupport(inventory, infra);
    }
}
