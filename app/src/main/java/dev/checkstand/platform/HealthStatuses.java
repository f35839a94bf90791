package dev.checkstand.platform;

import org.springframework.boot.health.contributor.Status;

/**
 * {@code WARNING}: a health component that needs an admin while the service still serves (an old webhook backlog,
 * dead letters, an SMTP server refusing, a provider's circuit breaker open). Spring Boot's aggregate leaves statuses
 * outside its order out, so a warning never turns {@code /actuator/health} or a probe DOWN: restarting an instance
 * would cure none of these.
 */
public final class HealthStatuses {

    public static final Status WARNING = new Status("WARNING", "Needs attention; the service still serves");

    private HealthStatuses() {
    }
}
