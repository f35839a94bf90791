package dev.checkstand.inbox;

import dev.checkstand.platform.LeaseKeeper;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Keeps the leases of the events this instance is processing. A claim leases an event for
 * {@code checkstand.webhooks.lease} (20 s); while the instance works on it — a provider call may take longer — the
 * lease is renewed every third of that, so no other instance takes a live instance's event. An instance that dies
 * renews nothing: its events are due again one lease after its last renewal, and the next poll of any instance takes
 * them (about 20 s plus the poll interval with the defaults, where a fixed two-minute lease took two minutes).
 */
@Component
class InboxLeases implements DisposableBean {

    private final LeaseKeeper<Long> keeper;

    InboxLeases(InboxEvents events, Clock clock, InboxSettings settings) {
        Duration lease = settings.lease();
        this.keeper = new LeaseKeeper<>("inbox", lease, ids -> events.extendLease(ids, clock.instant().plus(lease)));
    }

    Duration lease() {
        return keeper.lease();
    }

    LeaseKeeper<Long>.Hold hold(Collection<Long> ids) {
        return keeper.hold(ids);
    }

    @Override
    public void destroy() {
        keeper.close();
    }
}
