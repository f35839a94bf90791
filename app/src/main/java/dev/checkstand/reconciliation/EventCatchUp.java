package dev.checkstand.reconciliation;

import dev.checkstand.common.Problem;
import dev.checkstand.inbox.Inbox;
import dev.checkstand.payment.gateway.PaymentGateway;
import dev.checkstand.payment.gateway.PaymentProviderUnavailable;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Catches up with Stripe's Events API: every handled event created since the stored cursor (minus an overlap, so
 * an event stamped in the same second as the cursor is not missed) goes into the webhook inbox, deduplicated by
 * event id, for the same processing as a webhook. One list call brings up to 100 events, so recovering N missed
 * payments costs about N/100 calls.
 */
@Service
public class EventCatchUp {

    static final String CURSOR = "stripe-events";
    private static final Logger log = LoggerFactory.getLogger(EventCatchUp.class);

    private final PaymentGateway gateway;
    private final Inbox inbox;
    private final Cursors cursors;
    private final ReconciliationSettings settings;
    private final Clock clock;

    EventCatchUp(PaymentGateway gateway, Inbox inbox, Cursors cursors, ReconciliationSettings settings, Clock clock) {
        this.gateway = gateway;
        this.inbox = inbox;
        this.cursors = cursors;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * One catch-up pass; throws {@link EventListRefused} when Stripe definitely refused the list call (logged with
     * Stripe's message) and {@link PaymentProviderUnavailable} when it gave no definite answer; the cursor then stays.
     */
    public Result run() {
        Instant cursor = cursors.position(CURSOR).orElse(clock.instant().minus(settings.initialLookback()));
        Instant from = cursor.minus(settings.overlap());
        List<String> types = inbox.handledTypes("stripe");
        Instant newest = cursor;
        int pages = 0;
        int seen = 0;
        int stored = 0;
        String after = null;
        boolean more = true;
        while (more) {
            PaymentGateway.EventPage page = gateway.listEvents(types, from, after).fold(listed -> listed,
                    refused -> {
                        log.warn("Stripe refused to list events: {} {}: {}", refused.httpStatus(), refused.code(),
                                refused.message());
                        throw new EventListRefused(refused.describe());
                    },
                    indeterminate -> {
                        throw new PaymentProviderUnavailable("could not list Stripe events: " + indeterminate.describe(),
                                gateway.failingFastFor());
                    });
            pages++;
            for (String event : page.events()) {
                seen++;
                if (inbox.importEvent("stripe", event)) {
                    stored++;
                }
            }
            if (page.newestCreated() != null && page.newestCreated().isAfter(newest)) {
                newest = page.newestCreated();
            }
            more = page.hasMore() && page.lastId() != null;
            after = page.lastId();
        }
        cursors.advance(CURSOR, newest, clock.instant());
        if (stored > 0) {
            log.info("Events catch-up took in {} missed events ({} seen in {} pages since {})", stored, seen, pages, from);
        }
        return new Result(pages, seen, stored, newest);
    }

    /** Stripe definitely refused to list events (e.g. a parameter it does not take); repeating unchanged will not help. */
    public static final class EventListRefused extends Problem {

        EventListRefused(String refusal) {
            super(502, "payment_provider_rejected", "Payment provider refused to list events",
                    "Stripe's Events API " + refusal);
        }
    }

    /** What one pass did: list calls, events seen, events new to the inbox, and the cursor after it. */
    public record Result(int pages, int seen, int stored, Instant cursor) {
    }
}
