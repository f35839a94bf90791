package dev.checkstand.inbox;

import java.time.Instant;
import java.util.Optional;

/** A provider whose webhooks the inbox takes: how a delivery is verified and how its envelope is read. */
public interface WebhookSource {

    /** The name its events are stored under ({@code stripe}). */
    String name();

    /** True when {@code signature} proves the provider sent exactly {@code payload}, recently. */
    boolean verify(String payload, String signature);

    /** The envelope of an event, or empty when the payload is not one of this provider's events. */
    Optional<Envelope> envelope(String payload);

    /** What the inbox stores of an event beside its payload. */
    record Envelope(String eventId, String type, String apiVersion, boolean livemode, String objectId, Instant created) {
    }
}
