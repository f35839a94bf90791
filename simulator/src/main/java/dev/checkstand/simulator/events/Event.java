package dev.checkstand.simulator.events;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A recorded Stripe event; {@code account} is the connected account it happened on (its top-level {@code account}),
 * null for the platform's own; {@code payload} is the exact JSON that is delivered, {@code endpoints} how many
 * endpoints it was sent to.
 */
public record Event(String id, String type, long created, String objectId, String account,
    String payload, int endpoints, Set<String> deliveredTo) {

  /** A new event, not yet delivered anywhere. */
  public Event(String id, String type, long created, String objectId, String account, String payload,
      int endpoints) {
    this(id, type, created, objectId, account, payload, endpoints, ConcurrentHashMap.newKeySet());
  }

  /** Notes that the endpoint answered 2xx for this event. */
  public void delivered(String endpointId) {
    deliveredTo.add(endpointId);
  }

  /** Stripe's current {@code pending_webhooks}: endpoints that have not yet answered 2xx. */
  public int pendingWebhooks() {
    return Math.max(0, endpoints - deliveredTo.size());
  }
}
