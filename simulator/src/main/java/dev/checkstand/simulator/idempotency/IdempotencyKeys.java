package dev.checkstand.simulator.idempotency;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Stripe's idempotency layer: one response per key, replayed for the same request, kept 24 hours. */
public final class IdempotencyKeys {

  private static final Duration RETENTION = Duration.ofHours(24);

  private final Clock clock;
  private final int capacity;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final Deque<Stored> storedInOrder = new ArrayDeque<>();

  /** Keys are kept 24 hours, but no more than {@code capacity} stored responses at once. */
  public IdempotencyKeys(Clock clock, int capacity) {
    this.clock = clock;
    this.capacity = capacity;
  }

  /** Claims {@code key} for a request; see {@link Claim.Outcome} for what follows. */
  public Claim claim(String key, Fingerprint fingerprint) {
    Entry existing = entries.putIfAbsent(key, new Entry(fingerprint, null));
    if (existing == null) {
      return new Claim(Claim.Outcome.GRANTED, null);
    }
    if (existing.response == null) {
      return new Claim(Claim.Outcome.IN_USE, null);
    }
    if (!existing.fingerprint.equals(fingerprint)) {
      return new Claim(Claim.Outcome.MISMATCH, null);
    }
    return new Claim(Claim.Outcome.REPLAY, existing.response);
  }

  /** Stores the response of a granted request for replay. */
  public void complete(String key, Fingerprint fingerprint, StoredResponse response) {
    entries.put(key, new Entry(fingerprint, response));
    Instant now = clock.instant();
    synchronized (storedInOrder) {
      storedInOrder.addLast(new Stored(key, now));
      Instant oldestKept = now.minus(RETENTION);
      while (storedInOrder.size() > capacity || storedInOrder.peekFirst().at.isBefore(oldestKept)) {
        entries.remove(storedInOrder.removeFirst().key);
      }
    }
  }

  /** Forgets a granted request whose outcome Stripe would not store (e.g. a validation error). */
  public void release(String key) {
    entries.computeIfPresent(key, (k, entry) -> entry.response == null ? null : entry);
  }

  /** Forgets every key. */
  public void reset() {
    synchronized (storedInOrder) {
      entries.clear();
      storedInOrder.clear();
    }
  }

  private record Entry(Fingerprint fingerprint, StoredResponse response) {}

  private record Stored(String key, Instant at) {}
}
