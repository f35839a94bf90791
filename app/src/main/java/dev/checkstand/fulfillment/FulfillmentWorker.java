package dev.checkstand.fulfillment;

import dev.checkstand.common.EmailMask;
import dev.checkstand.common.LogContext;
import dev.checkstand.common.OrderId;
import dev.checkstand.fulfillment.provider.FulfillmentProvider;
import dev.checkstand.fulfillment.provider.ProviderCallFailed;
import dev.checkstand.fulfillment.provider.ProviderOrder;
import dev.checkstand.order.OrderDetails;
import dev.checkstand.order.OrderManagement;
import dev.checkstand.order.Source;
import dev.checkstand.platform.LeaseKeeper;
import dev.checkstand.platform.ProviderBackoff;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Makes the provider calls, outside any transaction, on fulfillments it claimed under a lease (so no two workers, on
 * any instance, call for one order at once). A submission reads the provider first whenever an earlier call may
 * have created the order, creates with {@code update_existing} otherwise, and confirms a draft when orders are
 * confirmed at once: whatever is retried, crashed or raced, the provider holds one order per paid order. A requested
 * cancellation cancels at the provider, or finds production under way and flags the order. While the provider keeps
 * failing (its circuit breaker open) nothing is claimed: the work stays due, its attempts unspent, until the
 * provider is tried again.
 */
@Component
class FulfillmentWorker implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(FulfillmentWorker.class);
    private static final int BATCH = 10;

    private final Fulfillments fulfillments;
    private final FulfillmentProgress progress;
    private final FulfillmentRequests requests;
    private final FulfillmentProvider provider;
    private final OrderManagement orders;
    private final FulfillmentSettings settings;
    private final Clock clock;
    private final ProviderBackoff backoff;
    private final LeaseKeeper<UUID> leases;
    // Work right after commit runs here, not on the shared task executor: a call may wait for Printful's budget, and
    // that wait must not hold up emails and the rest. What does not fit is left to the job (it stays due).
    private final ThreadPoolExecutor soon = new ThreadPoolExecutor(2, 2, 0, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(1_000), runnable -> {
                Thread thread = new Thread(runnable, "fulfillment-soon");
                thread.setDaemon(true);
                return thread;
            }, new ThreadPoolExecutor.DiscardPolicy());

    FulfillmentWorker(Fulfillments fulfillments, FulfillmentProgress progress, FulfillmentRequests requests,
            FulfillmentProvider provider, OrderManagement orders, FulfillmentSettings settings, Clock clock) {
        this.fulfillments = fulfillments;
        this.progress = progress;
        this.requests = requests;
        this.provider = provider;
        this.orders = orders;
        this.settings = settings;
        this.clock = clock;
        this.backoff = new ProviderBackoff("Fulfillment", provider.name());
        this.leases = new LeaseKeeper<>("fulfillment", settings.lease(),
                claims -> fulfillments.extendLeases(claims, clock.instant().plus(settings.lease())));
    }

    /** Works on the order's fulfillment soon, on the worker's own threads (or leaves it to the job when they are busy). */
    void runSoon(OrderId orderId) {
        soon.execute(LogContext.carried(() -> runNow(orderId)));
    }

    @Override
    public void destroy() {
        soon.shutdownNow();
        leases.close();
    }

    /** Works on one order's fulfillment now, if it is due and nobody else holds it. */
    void runNow(OrderId orderId) {
        if (backoff.skip(provider.failingFastFor())) {
            return;
        }
        Instant now = clock.instant();
        fulfillments.claimDue(orderId, now, now.plus(settings.lease()), 1).forEach(this::work);
    }

    /**
     * Works through everything due, one claim at a time (each under its own lease, so a long wait for Printful's
     * budget never outlives a lease held for work not yet begun), until nothing is due or {@code stop} says so (the
     * scheduler is shutting down: a backlog drains at Printful's pace and must not hold up a shutdown); what another
     * worker holds is left to it.
     */
    void runDue(BooleanSupplier stop) {
        while (!stop.getAsBoolean() && !backoff.skip(provider.failingFastFor())) {
            Instant now = clock.instant();
            List<Fulfillment> claimed = fulfillments.claimDue(null, now, now.plus(settings.lease()), 1);
            if (claimed.isEmpty()) {
                return;
            }
            claimed.forEach(this::work);
        }
    }

    /** Re-reads provider orders not heard of for a while: a lost webhook is only a delay. */
    void syncStale() {
        if (backoff.skip(provider.failingFastFor())) {
            return;
        }
        Instant now = clock.instant();
        for (Fulfillment f : fulfillments.claimStale(now, now.minus(settings.syncAfter()), BATCH)) {
            if (provider.failingFastFor().isPresent()) {
                return; // the rest are read on a later run, once the provider is tried again
            }
            try (LogContext.Scope scope = LogContext.order(f.orderId(), f.externalId())) {
                provider.find(f.externalId()).ifPresent(order -> progress.apply(f.orderId(), order, Source.RECONCILER,
                        null));
            } catch (ProviderCallFailed e) {
                log.warn("Could not re-read fulfillment {} from {}: {}", f.externalId(), provider.name(),
                        EmailMask.in(e.getMessage()));
                if (e.kind() == ProviderCallFailed.Kind.RATE_LIMITED || e.kind() == ProviderCallFailed.Kind.UNAUTHORIZED) {
                    return; // the rest are read on the next run
                }
            }
        }
    }

    // The claim's lease is renewed while the worker waits for the provider's budget and answer: a live worker keeps
    // its claim, a dead one's lapses one lease later.
    private void work(Fulfillment f) {
        try (LogContext.Scope scope = LogContext.order(f.orderId(), f.externalId());
                LeaseKeeper<UUID>.Hold hold = leases.hold(List.of(f.claimId()))) {
            tryWork(f);
        }
    }

    private void tryWork(Fulfillment f) {
        try {
            if (f.cancelRequested()) {
                cancel(f);
            } else if (f.status() == FulfillmentStatus.PENDING) {
                submit(f);
            } else {
                progress.release(f.orderId(), f.claimId());
            }
        } catch (ProviderCallFailed e) {
            log.warn("{} call for order {} failed ({}, attempt {}): {}", provider.name(), f.externalId(), e.kind(),
                    f.cancelRequested() ? f.cancelAttempts() : f.attempts(), EmailMask.in(e.getMessage()));
            progress.callFailed(f.orderId(), e, f.claimId());
        } catch (RuntimeException e) {
            // Our own fault (a bug, an answer we cannot read): counted like a provider failure, so it ends failed and
            // flagged with the error instead of being tried for ever. If the database is what failed, the lease runs
            // out and the work is claimed again.
            log.error("Fulfillment work for order {} failed", f.externalId(), e);
            try {
                progress.callFailed(f.orderId(), new ProviderCallFailed(ProviderCallFailed.Kind.UNAVAILABLE, 0,
                        "Unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage(), null, e), f.claimId());
            } catch (RuntimeException recording) {
                log.warn("Could not record the failure of order {}: {}", f.externalId(),
                        EmailMask.in(recording.getMessage()));
            }
        }
    }

    private void submit(Fulfillment f) {
        OrderDetails details = orders.details(f.orderId());
        List<UUID> missing = requests.missingVariants(details);
        if (!missing.isEmpty()) {
            progress.blocked(f.orderId(), missing, f.claimId());
            return;
        }
        Optional<ProviderOrder> existing = f.earlierCallMayHaveCreated() ? provider.find(f.externalId()) : Optional.empty();
        // A full refund may have asked for a cancellation while this worker waited: then nothing is created or
        // confirmed (the cancellation is due as soon as this lease is given up).
        if (existing.isEmpty() && progress.cancelRequested(f.orderId())) {
            progress.release(f.orderId(), f.claimId());
            return;
        }
        ProviderOrder order = existing.isPresent() ? existing.get()
                : provider.createOrUpdate(requests.request(details), settings.confirm());
        if (settings.confirm() && "draft".equals(order.status()) && !progress.cancelRequested(f.orderId())) {
            order = provider.confirm(f.externalId());
        }
        progress.apply(f.orderId(), order, Source.SYSTEM, f.claimId());
        log.info("Order {} is at {} as order {} ({})", f.externalId(), provider.name(), order.id(), order.status());
    }

    private void cancel(Fulfillment f) {
        if (!f.anyCallBegun()) {
            progress.canceledAtProvider(f.orderId(), null, f.claimId());
            return;
        }
        ProviderOrder canceled;
        try {
            canceled = provider.cancel(f.externalId());
        } catch (ProviderCallFailed e) {
            if (e.kind() != ProviderCallFailed.Kind.REFUSED) {
                throw e;
            }
            Optional<ProviderOrder> current = provider.find(f.externalId());
            if (current.isEmpty()) {
                progress.canceledAtProvider(f.orderId(), null, f.claimId());
            } else if ("canceled".equals(current.get().status())) {
                progress.canceledAtProvider(f.orderId(), current.get(), f.claimId());
            } else {
                progress.cancelRefused(f.orderId(), current.get(), e.getMessage(), f.claimId());
                log.warn("Order {} is no longer paid for (refunded in full, or its authorization released) but its {} order"
                        + " is {}: flagged for an admin", f.externalId(),
                        provider.name(), current.get().status());
            }
            return;
        }
        progress.canceledAtProvider(f.orderId(), canceled, f.claimId());
        log.info("Order {} is no longer paid for: its {} order {} is canceled", f.externalId(), provider.name(),
                canceled.id());
    }
}
