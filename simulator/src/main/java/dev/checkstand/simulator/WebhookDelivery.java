package dev.checkstand.simulator;

import java.time.Instant;

/** One webhook delivery attempt: its event, attempt number (1 first), HTTP status or -1 when there was none, when it was made, the endpoint, and the outcome. */
public record WebhookDelivery(String eventId, String eventType, int attempt, int status, Instant at,
    String endpointId, String outcome) {

  /** The endpoint answered 2xx. */
  public static final String DELIVERED = "delivered";
  /** The endpoint answered another status (redirects included). */
  public static final String HTTP_ERROR = "http_error";
  /** No answer: the connection failed or timed out. */
  public static final String NETWORK_ERROR = "network_error";
  /** The attempt was dropped by the webhook drop fault and never sent. */
  public static final String DROPPED = "dropped";

  /** An attempt without endpoint; its outcome follows from the status. */
  public WebhookDelivery(String eventId, String eventType, int attempt, int status, Instant at) {
    this(eventId, eventType, attempt, status, at, null, outcomeOf(status));
  }

  /** Whether the endpoint answered 2xx. */
  public boolean succeeded() {
    return status >= 200 && status < 300;
  }

  /** The outcome of an attempt that was sent and got {@code status} (-1 for none). */
  public static String outcomeOf(int status) {
    if (status < 0) {
      return NETWORK_ERROR;
    }
    return status >= 200 && status < 300 ? DELIVERED : HTTP_ERROR;
  }
}
