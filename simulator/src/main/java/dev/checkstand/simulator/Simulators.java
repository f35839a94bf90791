package dev.checkstand.simulator;

import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;

/** What the Stripe and Printful simulators' builders and Java API calls share: settings checked the same way, refusals turned into Java exceptions the same way. */
public final class Simulators {

  private Simulators() {}

  /** {@code port}, checked to be a port number; 0 for any free port. */
  public static int port(int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
    }
    return port;
  }

  /** A copy of {@code delays}, checked to have none negative. */
  public static List<Duration> retryDelays(List<Duration> delays) {
    for (Duration delay : delays) {
      if (delay.isNegative()) {
        throw new IllegalArgumentException("webhookRetryDelays must not be negative: " + delays);
      }
    }
    return List.copyOf(delays);
  }

  /** A simulator's refusal of a Java API call, with its HTTP {@code status}, as NoSuchElementException (404) or IllegalArgumentException, with the refusal's message. */
  public static RuntimeException refused(int status, RuntimeException refusal) {
    if (status == 404) {
      NoSuchElementException missing = new NoSuchElementException(refusal.getMessage());
      missing.initCause(refusal);
      return missing;
    }
    return new IllegalArgumentException(refusal.getMessage(), refusal);
  }
}
