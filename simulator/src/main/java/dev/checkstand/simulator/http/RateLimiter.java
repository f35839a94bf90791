package dev.checkstand.simulator.http;

/** A token bucket refilled in real time: at most {@code rate} requests in any second, bursts of up to {@code rate}. */
final class RateLimiter {

  private int rate;
  private double tokens;
  private long last;

  /** Takes a token at {@code perSecond}; false when the bucket is empty. A changed rate starts a full bucket. */
  synchronized boolean tryAcquire(int perSecond) {
    long now = System.nanoTime();
    if (perSecond != rate) {
      rate = perSecond;
      tokens = perSecond;
      last = now;
    }
    tokens = Math.min(perSecond, tokens + (now - last) / 1e9 * perSecond);
    last = now;
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }
}
