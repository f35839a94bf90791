package dev.checkstand.simulator.clock;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicReference;

/** The simulator's clock: a base clock moved forward by every {@link #advance}. */
public final class SimClock extends Clock {

  private final Clock base;
  private final AtomicReference<Duration> offset;

  private SimClock(Clock base, AtomicReference<Duration> offset) {
    this.base = base;
    this.offset = offset;
  }

  /** A clock that reads {@code base} until it is advanced. */
  public static SimClock over(Clock base) {
    return new SimClock(base, new AtomicReference<>(Duration.ZERO));
  }

  /** Moves this clock forward; negative durations are refused. */
  public void advance(Duration by) {
    if (by.isNegative()) {
      throw new IllegalArgumentException("The simulated clock only moves forward, not by " + by);
    }
    offset.accumulateAndGet(by, Duration::plus);
  }

  /** The current simulated time in whole seconds, as Stripe's {@code created} fields carry it. */
  public long epochSecond() {
    return instant().getEpochSecond();
  }

  @Override
  public Instant instant() {
    return base.instant().plus(offset.get());
  }

  @Override
  public ZoneId getZone() {
    return base.getZone();
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return new SimClock(base.withZone(zone), offset);
  }
}
