package dev.checkstand.checkout;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long stock is held for an unpaid checkout ({@code CHECKSTAND_RESERVATION_HOLD}), the service's public URL
 * ({@code CHECKSTAND_PUBLIC_URL}; unset: this instance at {@code http://localhost:<its port>}) for the default success
 * and cancel pages, and the other origins a storefront's
 * success and cancel URLs may be on ({@code CHECKSTAND_ALLOWED_REDIRECT_ORIGINS}, normalized to
 * {@code scheme://host[:port]}).
 */
@ConfigurationProperties("checkstand.checkout")
record CheckoutProperties(@DefaultValue("30m") Duration reservationHold, @DefaultValue("") String publicUrl, List<String> allowedRedirectOrigins) {

    /** The service's base URL: the configured public URL, or this instance on localhost at {@code port}. */
    String base(int port) {
        return publicUrl.isBlank() ? "http://localhost:" + port : publicUrl.replaceAll("/+$", "");
    }

    /** Where Stripe sends the customer after paying, unless the storefront names a page. */
    String successUrl(int port) {
        return base(port) + "/checkout/success?session_id={CHECKOUT_SESSION_ID}";
    }

    /**
     * Where Stripe sends the customer who gives up, unless the storefront names a page. Stripe documents the
     * {@code {CHECKOUT_SESSION_ID}} template for success URLs only, so the cancel URL names the payment attempt
     * instead ({@link dev.checkstand.payment.PaymentAttempt#ATTEMPT_ID_TEMPLATE}, filled in by the service itself when
     * it creates the session): it leads to the session as surely.
     */
    String cancelUrl(int port) {
        return base(port) + "/checkout/cancel?attempt=" + dev.checkstand.payment.PaymentAttempt.ATTEMPT_ID_TEMPLATE;
    }

    /** The origins success and cancel URLs may be on: the service's own and the configured ones. */
    RedirectOrigins redirectOrigins(int port) {
        Set<String> origins = new LinkedHashSet<>(allowedRedirectOrigins);
        origins.add(RedirectOrigins.originOf(base(port)).orElseThrow());
        return RedirectOrigins.of(origins);
    }

    CheckoutProperties {
        if (reservationHold.isNegative() || reservationHold.isZero()) {
            throw new IllegalArgumentException("CHECKSTAND_RESERVATION_HOLD must be positive");
        }
        if (!publicUrl.isBlank() && RedirectOrigins.originOf(publicUrl).isEmpty()) {
            throw new IllegalArgumentException("CHECKSTAND_PUBLIC_URL: '" + publicUrl
                    + "' is not an absolute http(s) URL, e.g. https://checkout.shop.example");
        }
        allowedRedirectOrigins = allowedRedirectOrigins == null ? List.of() : allowedRedirectOrigins.stream()
                .map(String::trim)
                .filter(entry -> !entry.isEmpty())
                .map(entry -> RedirectOrigins.parseOrigin(entry, "CHECKSTAND_ALLOWED_REDIRECT_ORIGINS"))
                .distinct()
                .toList();
    }
}
