package dev.checkstand.payment.stripe;

import com.stripe.net.Webhook;
import java.util.List;

/** Verifies {@code Stripe-Signature} with stripe-java's verifier against every configured secret. */
final class WebhookSignatures {

    static final long TOLERANCE_SECONDS = 300;

    private final List<String> secrets;

    WebhookSignatures(List<String> secrets) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("at least one webhook signing secret is needed");
        }
        this.secrets = List.copyOf(secrets);
    }

    /**
     * True when the header carries a valid, recent v1 signature of the payload under any secret. The verifier throws
     * unchecked exceptions on some malformed headers; those count as invalid too.
     */
    boolean verify(String payload, String header) {
        if (header == null || header.isBlank()) {
            return false;
        }
        for (String secret : secrets) {
            try {
                if (Webhook.Signature.verifyHeader(payload, header, secret, TOLERANCE_SECONDS)) {
                    return true;
                }
            } catch (Exception e) {
                // a mismatch under this secret; the next secret of a roll may match
            }
        }
        return false;
    }
}
