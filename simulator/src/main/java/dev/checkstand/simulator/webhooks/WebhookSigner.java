package dev.checkstand.simulator.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Stripe's {@code Stripe-Signature} header: {@code t=<seconds>,v1=<hex HMAC-SHA256 of "t.payload">}, one {@code v1} per active secret. */
public final class WebhookSigner {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private WebhookSigner() {}

  /** The header for {@code payload} signed at {@code timestamp}, keyed with the whole {@code whsec_} secret. */
  public static String header(String secret, long timestamp, String payload) {
    return header(List.of(secret), timestamp, payload, false);
  }

  /** One {@code v1} per secret, in order; with {@code v0}, also a test-mode {@code v0} that verifiers must ignore. */
  public static String header(List<String> secrets, long timestamp, String payload, boolean v0) {
    String signedPayload = timestamp + "." + payload;
    StringBuilder header = new StringBuilder("t=").append(timestamp);
    for (String secret : secrets) {
      header.append(",v1=").append(hmac(secret, signedPayload));
    }
    if (v0) {
      header.append(",v0=").append(hmac("v0:" + secrets.get(0), signedPayload));
    }
    return header.toString();
  }

  private static String hmac(String secret, String signedPayload) {
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
