package dev.checkstand.simulator.http;

import dev.checkstand.simulator.api.ApiError;
import dev.checkstand.simulator.api.Caller;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Checks the {@code Authorization} header (Bearer, or Basic with the key as user) against the accepted test keys. */
public final class ApiKeys {

  private static final String MISSING = "You did not provide an API key. You need to provide your API"
      + " key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer"
      + " YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can"
      + " help at https://support.stripe.com/.";

  private final String secretKey;
  private final String publishableKey;

  /** Accepts only the given keys; a null key accepts every {@code sk_test_} or {@code pk_test_} key. */
  public ApiKeys(String secretKey, String publishableKey) {
    this.secretKey = secretKey;
    this.publishableKey = publishableKey;
  }

  /** The keys accepted, for the start-up log: {@code any sk_test_... key} or the configured one. */
  public String describe() {
    return (secretKey == null ? "any sk_test_... secret key" : "secret key " + secretKey) + ", "
        + (publishableKey == null ? "any pk_test_... publishable key" : "publishable key " + publishableKey);
  }

  /** Who is calling; 401 for a missing or unknown key. */
  public Caller authenticate(String authorization) {
    String key = key(authorization);
    if (key == null || key.isEmpty()) {
      throw ApiError.authentication(MISSING);
    }
    if (key.startsWith("sk_test_") && (secretKey == null || secretKey.equals(key))) {
      return Caller.SECRET_KEY;
    }
    if (key.startsWith("pk_test_") && (publishableKey == null || publishableKey.equals(key))) {
      return Caller.PUBLISHABLE_KEY;
    }
    throw ApiError.authentication("Invalid API Key provided: " + redact(key));
  }

  /** The key of an {@code Authorization} header as Stripe shows it in errors, e.g. {@code sk_test_****wxyz}. */
  public static String shown(String authorization) {
    String key = key(authorization);
    return key == null ? "" : redact(key);
  }

  /** The key as Stripe shows it in errors: its prefix, asterisks and the last four characters. */
  static String redact(String key) {
    int prefixEnd = key.indexOf('_', key.indexOf('_') + 1) + 1;
    String prefix = prefixEnd > 0 && prefixEnd <= 8 ? key.substring(0, prefixEnd) : "";
    String last4 = key.length() >= prefix.length() + 12 ? key.substring(key.length() - 4) : "";
    return prefix + "****" + last4;
  }

  private static String key(String authorization) {
    if (authorization == null) {
      return null;
    }
    if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return authorization.substring(7).trim();
    }
    if (authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      try {
        String decoded = new String(
            Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        return colon < 0 ? decoded : decoded.substring(0, colon);
      } catch (IllegalArgumentException notBase64) {
        return authorization;
      }
    }
    return authorization.trim();
  }
}
