package dev.checkstand.simulator.idempotency;

/** The answer to claiming an idempotency key for a request. */
public record Claim(Outcome outcome, StoredResponse response) {

  /** What the caller must do. */
  public enum Outcome {
    /** The key is new: execute, then {@link IdempotencyKeys#complete} or {@link IdempotencyKeys#release}. */
    GRANTED,
    /** The same request already finished: send {@link #response()} again. */
    REPLAY,
    /** The first request with this key is still running. */
    IN_USE,
    /** The key was first used with another endpoint or other parameters. */
    MISMATCH
  }
}
