package dev.checkstand.simulator.printful;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Printful's rate limit: per token, a bucket of {@code limit} calls refilled at {@code limit} per minute of real time. */
final class CallsPerMinute {

  private static final double NANOS_PER_MINUTE = 60e9;

  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  /** 0 when the call may go ahead, else the whole seconds until it may ({@code Retry-After}). */
  long take(String token, int limit) {
    if (limit <= 0) {
      return 0;
    }
    return buckets.computeIfAbsent(token, t -> new Bucket()).take(limit, System.nanoTime());
  }

  void reset() {
    buckets.clear();
  }

  private static final class Bucket {

    private int limit;
    private double tokens;
    private long last;

    synchronized long take(int perMinute, long now) {
      if (perMinute != limit) {
        limit = perMinute;
        tokens = perMinute;
        last = now;
      }
      tokens = Math.min(perMinute, tokens + (now - last) / NANOS_PER_MINUTE * perMinute);
      last = now;
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      double seconds = (1 - tokens) * 60.0 / perMinute;
      return Math.max(1, (long) Math.ceil(seconds));
    }
  }
}
