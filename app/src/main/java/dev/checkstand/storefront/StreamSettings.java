package dev.checkstand.storefront;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Order status streams: how often an idle stream gets a heartbeat comment, which finds connections their clients
 * closed ({@code CHECKSTAND_STREAMS_HEARTBEAT}), how many may be open on one instance
 * ({@code CHECKSTAND_STREAMS_MAX_OPEN}) and for one order ({@code CHECKSTAND_STREAMS_MAX_PER_ORDER}), and how often
 * every watched order is read again whether or not the database announced a change
 * ({@code CHECKSTAND_STREAMS_SAFETY_POLL}: the longest a lost notification can delay an event).
 */
@ConfigurationProperties("checkstand.streams")
record StreamSettings(@DefaultValue("10s") Duration heartbeat, @DefaultValue("1000") int maxOpen,
        @DefaultValue("20") int maxPerOrder, @DefaultValue("30s") Duration safetyPoll) {

    StreamSettings {
        if (heartbeat.isNegative() || heartbeat.isZero()) {
            throw new IllegalArgumentException("CHECKSTAND_STREAMS_HEARTBEAT must be positive");
        }
        if (maxOpen < 1) {
            throw new IllegalArgumentException("CHECKSTAND_STREAMS_MAX_OPEN must be at least 1");
        }
        if (maxPerOrder < 1) {
            throw new IllegalArgumentException("CHECKSTAND_STREAMS_MAX_PER_ORDER must be at least 1");
        }
        if (safetyPoll.isNegative() || safetyPoll.isZero()) {
            throw new IllegalArgumentException("CHECKSTAND_STREAMS_SAFETY_POLL must be positive");
        }
    }
}
