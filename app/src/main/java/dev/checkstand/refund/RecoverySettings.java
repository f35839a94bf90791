package dev.checkstand.refund;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The refund half of the recovery settings ({@code checkstand.recovery}, shared with the payment module's job): whether
 * refunds Stripe has not answered are requested again, how often the job looks, and how long a refund call may go
 * silent before another caller repeats it ({@code grace}: the lease of a claimed refund, renewed while its call waits
 * for Stripe, so only a dead caller's lapses).
 */
@ConfigurationProperties("checkstand.recovery")
record RecoverySettings(@DefaultValue("true") boolean enabled, @DefaultValue("5s") Duration interval,
        @DefaultValue("20s") Duration grace) {
}
