package dev.checkstand.payment.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import com.stripe.net.Webhook;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookSignaturesTests {

    static final String SECRET = "whsec_signatures_test";
    static final String PAYLOAD = "{\"id\":\"evt_1\",\"object\":\"event\",\"type\":\"payment_intent.succeeded\"}";
    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    final WebhookSignatures signatures = new WebhookSignatures(List.of(SECRET),
            Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void signatureMadeWithinTheToleranceEitherSideOfNowIsAccepted() throws Exception {
        assertThat(signatures.verify(PAYLOAD, signedAt(NOW.getEpochSecond()))).isTrue();
        assertThat(signatures.verify(PAYLOAD, signedAt(NOW.getEpochSecond() - 300))).isTrue();
        assertThat(signatures.verify(PAYLOAD, signedAt(NOW.getEpochSecond() + 300))).isTrue();
    }

    @Test
    void signatureMadeMoreThanTheToleranceInThePastIsRefused() throws Exception {
        assertThat(signatures.verify(PAYLOAD, signedAt(NOW.getEpochSecond() - 301))).isFalse();
    }

    @Test
    void signatureMadeMoreThanTheToleranceInTheFutureIsRefused() throws Exception {
        assertThat(signatures.verify(PAYLOAD, signedAt(NOW.getEpochSecond() + 301))).isFalse();
        assertThat(signatures.verify(PAYLOAD, signedAt(NOW.plusSeconds(115L * 24 * 3600).getEpochSecond()))).isFalse();
        assertThat(signatures.verify(PAYLOAD, signedAt(Long.MAX_VALUE))).isFalse();
    }

    @Test
    void futureTimestampIsRefusedUnderEverySecretOfARoll() throws Exception {
        WebhookSignatures rolling = new WebhookSignatures(List.of("whsec_old", SECRET), Clock.fixed(NOW, ZoneOffset.UTC));

        assertThat(rolling.verify(PAYLOAD, signedAt(NOW.getEpochSecond() + 3600))).isFalse();
        assertThat(rolling.verify(PAYLOAD, signedAt(NOW.getEpochSecond()))).isTrue();
    }

    private static String signedAt(long timestamp) throws Exception {
        return Webhook.Signature.generateSignatureHeader(PAYLOAD, SECRET, timestamp);
    }
}
