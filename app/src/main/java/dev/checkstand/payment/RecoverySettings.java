package dev.checkstand.payment;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The recovery job: how often it runs ({@code interval}) and how old a {@code creating} attempt must be before it
 * is taken for abandoned ({@code grace}). A request still waiting for Stripe keeps the job off its attempt by renewing
 * a lease of the same length every third of it, so the grace only has to outlast a dead instance's silence: a killed
 * instance's attempt is created again elsewhere about one grace later.
 */
@ConfigurationProperties("checkstand.recovery")
record RecoverySettings(@DefaultValue("true") boolean enabled, @DefaultValue("5s") Duration interval,
        @DefaultValue("20s") Duration grace) {
}
