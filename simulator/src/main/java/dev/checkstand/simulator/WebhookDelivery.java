package dev.checkstand.simulator;

import java.time.Instant;

/** One webhook delivery attempt: its event, attempt number (1 first), HTTP status or -1 on I/O error or timeout, and when it was sent. */
public record WebhookDelivery(String eventId, String eventType, int attempt, int status, Instant at) {}
