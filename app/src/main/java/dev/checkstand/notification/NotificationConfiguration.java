package dev.checkstand.notification;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The notification module's job. */
@Configuration(proxyBeanMethods = false)
class NotificationConfiguration {

    /** Sends emails not sent right after they were written: SMTP refused them, or their instance stopped. */
    @Bean
    RecurringTask<Void> emailDeliveryJob(EmailDelivery delivery, MailSettings settings) {
        return Tasks.recurring("email-delivery", FixedDelay.of(settings.pollInterval()))
                .execute((instance, context) -> delivery.sendDue());
    }
}
