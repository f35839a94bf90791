package dev.checkstand.simulator.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.stripe.net.Webhook;
import org.junit.jupiter.api.Test;

class WebhookSignerTests {

  private static final String SECRET = "whsec_test_secret_0123456789abcdef";
  private static final String PAYLOAD = "{\"id\":\"evt_1\",\"object\":\"event\",\"note\":\"caf\u00e9\"}";

  @Test
  void headerMatchesStripeJavasOwnSignature() throws Exception {
    long timestamp = 1_767_225_600L;

    assertThat(WebhookSigner.header(SECRET, timestamp, PAYLOAD))
        .isEqualTo(Webhook.Signature.generateSignatureHeader(PAYLOAD, SECRET, timestamp));
  }

  @Test
  void headerVerifiesWithStripeJava() throws Exception {
    long now = System.currentTimeMillis() / 1000;

    assertThat(Webhook.Signature.verifyHeader(PAYLOAD, WebhookSigner.header(SECRET, now, PAYLOAD),
        SECRET, Webhook.DEFAULT_TOLERANCE)).isTrue();
  }
}
