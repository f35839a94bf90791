package dev.checkstand.seller;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How old a seller's copy of its connected account may be before it is read from Stripe again when shown
 * ({@code CHECKSTAND_SELLER_ACCOUNT_STALE_AFTER}). A checkout always reads it from Stripe right before charging.
 * {@code publicUrl} ({@code CHECKSTAND_PUBLIC_URL}) is where sellers come back to from Stripe's onboarding pages;
 * every {@code refreshInterval} the {@code seller-accounts} job reads the stale copies again.
 */
@ConfigurationProperties("checkstand.sellers")
record SellerSettings(@DefaultValue("15m") Duration accountStaleAfter, @DefaultValue("") String publicUrl,
        @DefaultValue("5m") Duration refreshInterval) {

    SellerSettings {
        if (accountStaleAfter.isNegative() || accountStaleAfter.isZero()) {
            throw new IllegalStateException("CHECKSTAND_SELLER_ACCOUNT_STALE_AFTER must be positive, was "
                    + accountStaleAfter);
        }
    }
}
