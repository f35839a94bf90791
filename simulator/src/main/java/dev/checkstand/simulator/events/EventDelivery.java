package dev.checkstand.simulator.events;

/** Where recorded events go next, e.g. webhook endpoints. */
public interface EventDelivery {

  /** How many endpoints will be sent an event of {@code type} on {@code account} (null: the platform) recorded now (Stripe's {@code pending_webhooks}). */
  int pendingWebhooks(String type, String account);

  /** Takes a just-recorded event; must not block. */
  void deliver(Event event);
}
