package dev.checkstand.payment;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * When payments are captured ({@code CHECKSTAND_CAPTURE}): {@code automatic}, at once; or {@code on_fulfillment},
 * authorized at checkout and captured when the provider starts production. An authorization lapses at Stripe after
 * {@code validity} (7 days for cards) unless Stripe says when ({@code capture_before}); {@code expiryMargin} before
 * that, an authorization still held is captured when its fulfillment is certain and released otherwise.
 * {@code interval} is how often held authorizations are looked at.
 */
@ConfigurationProperties("checkstand.capture")
record CaptureSettings(@DefaultValue("automatic") Mode mode, @DefaultValue("7d") Duration validity,
        @DefaultValue("1d") Duration expiryMargin, @DefaultValue("30s") Duration interval) {

    CaptureSettings {
        if (expiryMargin.isNegative() || expiryMargin.compareTo(validity) >= 0) {
            throw new IllegalArgumentException("CHECKSTAND_CAPTURE_EXPIRY_MARGIN (" + expiryMargin
                    + ") must be at least zero and shorter than an authorization's validity (" + validity + ")");
        }
    }

    /** When a payment is captured. */
    enum Mode {
        AUTOMATIC, ON_FULFILLMENT
    }

    boolean onFulfillment() {
        return mode == Mode.ON_FULFILLMENT;
    }
}
