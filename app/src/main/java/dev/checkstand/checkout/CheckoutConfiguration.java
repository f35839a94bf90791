package dev.checkstand.checkout;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Checkout's settings bean. */
@Configuration(proxyBeanMethods = false)
class CheckoutConfiguration {

    @Bean
    CheckoutService.CheckoutSettings checkoutSettings(CheckoutProperties properties, Clock clock) {
        return new CheckoutService.CheckoutSettings(properties, clock);
    }
}
