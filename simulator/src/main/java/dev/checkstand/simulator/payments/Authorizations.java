package dev.checkstand.simulator.payments;

import dev.checkstand.simulator.api.RequestContext;
import dev.checkstand.simulator.clock.Timeline;
import dev.checkstand.simulator.events.Events;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/** How long manual-capture card authorizations stay capturable, and what their expiry does, on the simulated clock. */
final class Authorizations {

  /** Stripe's validity of an online card authorization. */
  static final Duration DEFAULT_VALIDITY = Duration.ofDays(7);
  /** The longest validity the simulator takes; far beyond any card network's. */
  static final Duration MAX_VALIDITY = Duration.ofDays(365);

  private final Events events;
  private final Timeline timeline;
  private volatile Duration validity = DEFAULT_VALIDITY;
  private volatile AuthorizationExpiry expiry = AuthorizationExpiry.CANCEL;

  Authorizations(Events events, Timeline timeline) {
    this.events = events;
    this.timeline = timeline;
  }

  Duration validity() {
    return validity;
  }

  /** Sets the validity of authorizations made from now on; whole seconds from 1 second to 365 days. */
  void setValidity(Duration newValidity) {
    if (newValidity.getNano() != 0 || newValidity.compareTo(Duration.ofSeconds(1)) < 0
        || newValidity.compareTo(MAX_VALIDITY) > 0) {
      throw new IllegalArgumentException("authorizationValiditySeconds must be a whole number of"
          + " seconds from 1 to " + MAX_VALIDITY.toSeconds() + ", was " + newValidity.toSeconds());
    }
    validity = newValidity;
  }

  AuthorizationExpiry expiry() {
    return expiry;
  }

  /** Sets what deadlines passing from now on do, including those of earlier authorizations. */
  void setExpiry(AuthorizationExpiry newExpiry) {
    expiry = Objects.requireNonNull(newExpiry, "expiry");
  }

  /** The {@code capture_before} of a card authorized at {@code authorizedAt} (unix seconds). */
  long captureBefore(long authorizedAt) {
    return authorizedAt + validity.toSeconds();
  }

  /** Expires {@code charge}, an authorization of {@code intent}, when the clock reaches its deadline; {@code needed} is false once the charge is forgotten. */
  void watch(PaymentIntent intent, Charge charge, BooleanSupplier needed) {
    timeline.at(Instant.ofEpochSecond(charge.captureBefore()), () -> expire(intent, charge), needed);
  }

  private void expire(PaymentIntent intent, Charge charge) {
    intent.locked(() -> {
      boolean stillHeld = intent.status() == PaymentIntent.Status.REQUIRES_CAPTURE
          && charge.id().equals(intent.latestCharge());
      if (stillHeld && expiry == AuthorizationExpiry.CANCEL) {
        // canceled_at is the deadline itself, also when one clock advance went far past it.
        intent.cancel("automatic", charge.captureBefore());
        charge.release();
        events.record("charge.expired", charge.toJson(), RequestContext.automatic());
        events.record("payment_intent.canceled", intent.toJson(), RequestContext.automatic());
      }
      return null;
    });
  }
}
