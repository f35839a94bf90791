package dev.checkstand.refund;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The refund half of the recovery settings ({@code checkstand.recovery}, shared with the payment module's job): whether
 * refunds Stripe has not answered are requested again, and how often the job looks.
 */
@ConfigurationProperties("checkstand.recovery")
record RecoverySettings(@DefaultValue("true") boolean enabled, @DefaultValue("5s") Duration interval) {
}
