package dev.checkstand.reconciliation;

import dev.checkstand.payment.EventImport;
import dev.checkstand.payment.GatewayResult;
import dev.checkstand.payment.PaymentGateway;
import dev.checkstand.payment.PaymentProviderUnavailable;
import dev.checkstand.payment.StripeEventTypes;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

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
    private final EventImport inbox;
    private final Cursors cursors;
    private final ReconciliationSettings settings;
    private final CatchUpSupport support;

    EventCatchUp(PaymentGateway gateway, EventImport inbox, Cursors cursors, ReconciliationSettings settings,
            CatchUpSupport support) {
        this.gateway = gateway;
        this.inbox = inbox;
        this.cursors = cursors;
        this.settings = settings;
        this.support = support;
    }

    /** One catch-up pass; throws {@link PaymentProviderUnavailable} when Stripe could not be read (the cursor stays). */
    public Result run() {
        Clock clock = support.clock();
        Instant cursor = cursors.position(CURSOR).orElse(clock.instant().minus(settings.initialLookback()));
        Instant from = cursor.minus(settings.overlap());
        Instant newest = cursor;
        int pages = 0;
        int seen = 0;
        int stored = 0;
        String after = null;
        boolean more = true;
        while (more) {
            GatewayResult<PaymentGateway.EventPage> result = gateway.listEvents(StripeEventTypes.HANDLED, from, after);
            if (!(result instanceof GatewayResult.Succeeded<PaymentGateway.EventPage> page)) {
                throw new PaymentProviderUnavailable("could not list Stripe events");
            }
            pages++;
            for (String event : page.value().events()) {
                seen++;
                Instant created = Instant.ofEpochSecond(support.json().readTree(event).path("created").asLong());
                newest = created.isAfter(newest) ? created : newest;
                if (inbox.store(event)) {
                    stored++;
                }
            }
            more = page.value().hasMore() && page.value().lastId() != null;
            after = page.value().lastId();
        }
        cursors.advance(CURSOR, newest, clock.instant());
        if (stored > 0) {
            log.info("Events catch-up took in {} missed events ({} seen in {} pages since {})", stored, seen, pages, from);
        }
        return new Result(pages, seen, stored, newest);
    }

    /** What one pass did: list calls, events seen, events new to the inbox, and the cursor after it. */
    public record Result(int pages, int seen, int stored, Instant cursor) {
    }

    /** The clock and JSON reader the catch-up runs with. */
    record CatchUpSupport(Clock clock, JsonMapper json) {
    }
}
