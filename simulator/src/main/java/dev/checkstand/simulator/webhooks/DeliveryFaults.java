package dev.checkstand.simulator.webhooks;

import java.time.Duration;

/** The faults webhook delivery applies, each decision taken afresh per attempt. */
public interface DeliveryFaults {

  /** Whether to drop this attempt without sending it. */
  boolean drop();

  /** Whether to send this event a second time. */
  boolean duplicate();

  /** Whether first attempts are held and sent in shuffled order. */
  boolean reorder();

  /** The wait to add before this attempt. */
  Duration delay();

  /** No faults at all. */
  DeliveryFaults NONE = new DeliveryFaults() {
    @Override
    public boolean drop() {
      return false;
    }

    @Override
    public boolean duplicate() {
      return false;
    }

    @Override
    public boolean reorder() {
      return false;
    }

    @Override
    public Duration delay() {
      return Duration.ZERO;
    }
  };
}
