package dev.checkstand.inbox;

import dev.checkstand.platform.HealthStatuses;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * The {@code inbox} health component (shown to the ADMIN role): per source the events received and not processed
 * yet, and how long the oldest has waited; the dead letters, in all and in the last day. {@code WARNING} when an
 * event has waited longer than {@code checkstand.webhooks.backlog-warning} or an event failed for good in the last
 * day, saying which — a status the service's aggregate and its readiness leave out on purpose: a backlog is work for
 * this service or an admin, not a reason to take an instance out of the load balancer. Two queries on partial
 * indexes.
 */
@Component("inboxHealthIndicator")
class InboxHealth implements HealthIndicator {

    static final Status WARNING = HealthStatuses.WARNING;
    private static final Duration DEAD_LETTERS_WINDOW = Duration.ofDays(1);

    private final InboxEvents events;
    private final WebhookSources sources;
    private final InboxSettings settings;
    private final Clock clock;

    InboxHealth(InboxEvents events, WebhookSources sources, InboxSettings settings, Clock clock) {
        this.events = events;
        this.sources = sources;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public Health health() {
        Instant now = clock.instant();
        List<String> warnings = new ArrayList<>();
        Map<String, Object> received = new LinkedHashMap<>();
        sources.names().forEach(source -> received.put(source, Map.of("count", 0)));
        for (InboxEvents.Backlog backlog : events.backlog()) {
            Duration age = Duration.between(backlog.oldest(), now).truncatedTo(ChronoUnit.SECONDS);
            received.put(backlog.source(), Map.of("count", backlog.received(), "oldestAge", age.toString(),
                    "oldestReceivedAt", backlog.oldest().toString()));
            if (age.compareTo(settings.backlogWarning()) > 0) {
                warnings.add(backlog.source() + " events have waited " + age + " to be processed (more than "
                        + settings.backlogWarning() + ")");
            }
        }
        InboxEvents.DeadLetters dead = events.deadLetters(now.minus(DEAD_LETTERS_WINDOW));
        if (dead.recent() > 0) {
            warnings.add(dead.recent() + " event(s) failed for good in the last day: see GET "
                    + "/api/admin/webhook-events?status=failed, replay once the cause is fixed");
        }
        Health.Builder health = warnings.isEmpty() ? Health.up() : Health.status(WARNING)
                .withDetail("warnings", warnings);
        return health.withDetail("received", received)
                .withDetail("failed", dead.failed())
                .withDetail("failedLastDay", dead.recent())
                .build();
    }
}
