package dev.checkstand.payment;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The recovery job: how often it runs ({@code interval}) and how old a {@code creating} attempt must be before it
 * is taken for abandoned ({@code grace}, longer than any request that could still be waiting for Stripe).
 */
@ConfigurationProperties("checkstand.recovery")
record RecoverySettings(@DefaultValue("true") boolean enabled, @DefaultValue("5s") Duration interval,
        @DefaultValue("60s") Duration grace) {
}
