package dev.checkstand.simulator.api;

/** What events record about the API call that caused them. */
public record RequestContext(String requestId, String idempotencyKey, String apiVersion) {

  /** The API version of events caused by requests without {@code Stripe-Version}: stripe-java 33.3.0's. */
  public static final String DEFAULT_API_VERSION = "2026-07-29.dahlia";

  /** A change Stripe makes on its own (expiry, settlement): {@code request.id} and the key are null. */
  public static RequestContext automatic() {
    return new RequestContext(null, null, DEFAULT_API_VERSION);
  }

  /** A change made in the Dashboard: a request id, but no idempotency key. */
  public static RequestContext dashboard() {
    return new RequestContext(Ids.next("req"), null, DEFAULT_API_VERSION);
  }
}
