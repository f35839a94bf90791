package dev.checkstand.checkout;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionTemplate;

/** Checkout's settings bean. */
@Configuration(proxyBeanMethods = false)
class CheckoutConfiguration {

    @Bean
    CheckoutService.CheckoutSettings checkoutSettings(CheckoutProperties properties, Clock clock,
            TransactionTemplate transactions) {
        return new CheckoutService.CheckoutSettings(properties, clock, transactions);
    }
}
