package dev.checkstand.simulator.http;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** How many times each endpoint was called, keyed like {@code "POST /v1/payment_intents/{id}/confirm"}. */
public final class CallCounts {

  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

  /** Counts one call. */
  public void increment(String endpoint) {
    counts.computeIfAbsent(endpoint, e -> new LongAdder()).increment();
  }

  /** The counts so far, sorted by endpoint. */
  public SortedMap<String, Long> snapshot() {
    SortedMap<String, Long> snapshot = new TreeMap<>();
    counts.forEach((endpoint, count) -> snapshot.put(endpoint, count.sum()));
    return snapshot;
  }

  /** Forgets all counts. */
  public void reset() {
    counts.clear();
  }
}
