package dev.checkstand.simulator.api;

/** Which kind of API key made a request. */
public enum Caller {
  /** A secret key ({@code sk_test_...}): full access. */
  SECRET_KEY,
  /** A publishable key ({@code pk_test_...}): only client-secret calls. */
  PUBLISHABLE_KEY
}
