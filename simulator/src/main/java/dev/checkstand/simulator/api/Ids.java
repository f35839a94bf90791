package dev.checkstand.simulator.api;

import java.security.SecureRandom;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

/** The one place that makes Stripe-style ids ({@code pi_...}, {@code evt_...}) and secrets. */
public final class Ids {

  private static final String ALPHANUMERICS =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  private static final int ID_LENGTH = 24;
  private static final SecureRandom SECURE = new SecureRandom();

  private Ids() {}

  /** A new id: the prefix, an underscore and 24 random alphanumerics, e.g. {@code pi_3Qx...}. */
  public static String next(String prefix) {
    return prefix + "_" + random(ID_LENGTH, ThreadLocalRandom.current());
  }

  /** {@code length} alphanumerics from a cryptographically strong source, for secrets. */
  public static String secret(int length) {
    return random(length, SECURE);
  }

  private static String random(int length, Random random) {
    char[] chars = new char[length];
    for (int i = 0; i < length; i++) {
      chars[i] = ALPHANUMERICS.charAt(random.nextInt(ALPHANUMERICS.length()));
    }
    return new String(chars);
  }
}
