package dev.checkstand.platform.web;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Request bodies: the most bytes one may have ({@code checkstand.web.max-body-bytes}) and the longest time reading
 * it may take in all ({@code CHECKSTAND_BODY_READ_TIMEOUT}), however slowly its bytes trickle in.
 */
@ConfigurationProperties("checkstand.web")
record WebSettings(@DefaultValue("262144") long maxBodyBytes, @DefaultValue("20s") Duration bodyReadTimeout) {

    WebSettings {
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("checkstand.web.max-body-bytes must be at least 1");
        }
        if (bodyReadTimeout.isNegative() || bodyReadTimeout.isZero()) {
            throw new IllegalArgumentException("CHECKSTAND_BODY_READ_TIMEOUT must be positive");
        }
    }
}
