package dev.checkstand.simulator.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Stripe's {@code Stripe-Signature} header: {@code t=<seconds>,v1=<hex HMAC-SHA256 of "t.payload">}. */
public final class WebhookSigner {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private WebhookSigner() {}

  /** The header for {@code payload} signed at {@code timestamp}, keyed with the whole {@code whsec_} secret. */
  public static String header(String secret, long timestamp, String payload) {
    return "t=" + timestamp + ",v1=" + signature(secret, timestamp + "." + payload);
  }

  private static String signature(String secret, String signedPayload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] digest = mac.doFinal(signedPayload.getBytes(StandardCharsets.UTF_8));
      char[] hex = new char[digest.length * 2];
      for (int i = 0; i < digest.length; i++) {
        hex[2 * i] = HEX[(digest[i] >> 4) & 0xf];
        hex[2 * i + 1] = HEX[digest[i] & 0xf];
      }
      return new String(hex);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }
}
