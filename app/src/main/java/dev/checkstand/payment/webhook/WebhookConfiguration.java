package dev.checkstand.payment.webhook;

import java.time.Clock;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskExecutor;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/** Wires the webhook processor to the application's task executor. */
@Configuration(proxyBeanMethods = false)
class WebhookConfiguration {

    @Bean
    WebhookProcessor.Collaborators webhookProcessorCollaborators(
            @Qualifier("applicationTaskExecutor") TaskExecutor executor, TransactionTemplate transactions,
            JsonMapper json, Clock clock, WebhookSettings settings) {
        return new WebhookProcessor.Collaborators(executor, transactions, json, clock, settings);
    }
}
