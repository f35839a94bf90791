package dev.checkstand.simulator.idempotency;

/** A response kept for replay: status, exact body bytes and the original request id. */
public record StoredResponse(int status, byte[] body, String requestId) {}
