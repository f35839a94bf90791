package dev.checkstand.payment.stripe;

import com.stripe.net.Webhook;
import java.time.Clock;
import java.util.List;
import java.util.OptionalLong;

/**
 * Verifies {@code Stripe-Signature} with stripe-java's verifier against every configured secret, and refuses a
 * timestamp more than the tolerance away from now on either side: the verifier checks only the past side.
 */
final class WebhookSignatures {

    static final long TOLERANCE_SECONDS = 300;

    private final List<String> secrets;
    private final Clock clock;

    WebhookSignatures(List<String> secrets, Clock clock) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("at least one webhook signing secret is needed");
        }
        this.secrets = List.copyOf(secrets);
        this.clock = clock;
    }

    /**
     * True when the header carries a valid v1 signature of the payload under any secret, with a timestamp within the
     * tolerance of now, past or future. The verifier throws unchecked exceptions on some malformed headers; those
     * count as invalid too.
     */
    boolean verify(String payload, String header) {
        if (header == null || header.isBlank() || !notInTheFuture(header)) {
            return false;
        }
        for (String secret : secrets) {
            try {
                if (Webhook.Signature.verifyHeader(payload, header, secret, TOLERANCE_SECONDS, clock)) {
                    return true;
                }
            } catch (Exception e) {
                // a mismatch under this secret; the next secret of a roll may match
            }
        }
        return false;
    }

    // A signature made for later could be replayed until then; a clock that far ahead is not Stripe's.
    private boolean notInTheFuture(String header) {
        OptionalLong timestamp = timestamp(header);
        return timestamp.isEmpty() || timestamp.getAsLong() <= clock.instant().getEpochSecond() + TOLERANCE_SECONDS;
    }

    // The first t= element, read as stripe-java reads it; empty when there is none or it is no number, which the
    // verifier refuses anyway.
    private static OptionalLong timestamp(String header) {
        for (String element : header.split(",", -1)) {
            String[] pair = element.split("=", 2);
            if (pair.length == 2 && pair[0].equals("t")) {
                try {
                    return OptionalLong.of(Long.parseLong(pair[1]));
                } catch (NumberFormatException e) {
                    return OptionalLong.empty();
                }
            }
        }
        return OptionalLong.empty();
    }
}
