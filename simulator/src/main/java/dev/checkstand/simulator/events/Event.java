package dev.checkstand.simulator.events;

/** A recorded Stripe event; {@code payload} is the exact JSON that is served and delivered. */
public record Event(String id, String type, long created, String objectId, String payload) {}
