package dev.checkstand.checkout;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Checkout's job. */
@Configuration(proxyBeanMethods = false)
class CheckoutConfiguration {

    /** Ends stock holds that ran out, after stopping their payments at Stripe. */
    @Bean
    RecurringTask<Void> reservationExpiryJob(ReservationExpiry expiry,
            @Value("${checkstand.expiry.interval:15s}") Duration interval) {
        return Tasks.recurring("reservation-expiry", FixedDelay.of(interval))
                .execute((instance, context) -> expiry.runOnce());
    }
}
