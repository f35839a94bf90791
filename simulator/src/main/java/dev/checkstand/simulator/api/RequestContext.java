package dev.checkstand.simulator.api;

/** What events record about the API call that caused them. */
public record RequestContext(String requestId, String idempotencyKey, String apiVersion) {}
