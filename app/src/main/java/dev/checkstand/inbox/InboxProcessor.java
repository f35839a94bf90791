package dev.checkstand.inbox;

import dev.checkstand.common.EmailMask;
import dev.checkstand.common.LogContext;
import dev.checkstand.platform.BackgroundTurns;
import dev.checkstand.platform.LeaseKeeper;
import dev.checkstand.platform.ManualInterventions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Processes stored events: at once after they are stored, and by a poller that claims due events with
 * {@code FOR UPDATE SKIP LOCKED} so several instances share the work. Each event goes to the handler of its source
 * and type; failures are retried with exponential backoff; an event ends processed, ignored (no handler acts on its
 * type), or failed: at once when its handler finds it {@link UnprocessableEvent unprocessable}, otherwise after a
 * bounded number of attempts. Events whose payload is enough are applied many to a transaction (claimed, applied and
 * marked processed with one commit); when one of them fails, the transaction rolls back and each is taken alone, so
 * the others are not held back by it.
 */
@Component
class InboxProcessor implements DisposableBean {

    static final int MAX_ATTEMPTS = 10;

    private static final Logger log = LoggerFactory.getLogger(InboxProcessor.class);

    private final InboxEvents events;
    private final Map<String, InboxHandler> handlers;
    private final InboxWorkers workers;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final InboxMetrics metrics;
    private final ManualInterventions interventions;
    // Claims lease an event for checkstand.webhooks.lease (20 s), renewed every third of it while this instance works
    // on it: a live instance keeps its events however long a provider call takes; a dead one's are free one lease
    // after its last renewal, for the next poll of any instance.
    private final LeaseKeeper<Long> leases;
    private final BackgroundTurns turns;

    InboxProcessor(InboxEvents events, List<InboxHandler> handlers, InboxWorkers workers,
            TransactionTemplate transactions, Clock clock, InboxMetrics metrics, ManualInterventions interventions,
            InboxSettings settings, BackgroundTurns turns) {
        this.events = events;
        this.handlers = handlers.stream().flatMap(handler -> handler.types().stream()
                        .map(type -> Map.entry(handler.source() + " " + type, handler)))
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));
        this.workers = workers;
        this.transactions = transactions;
        this.clock = clock;
        this.metrics = metrics;
        this.interventions = interventions;
        this.turns = turns;
        this.leases = new LeaseKeeper<>("inbox", settings.lease(),
                ids -> events.extendLease(ids, clock.instant().plus(settings.lease())));
        workers.start(this::processNow, () -> processDue(workers::closed));
    }

    @Override
    public void destroy() {
        leases.close();
    }

    /** Every event type of {@code source} a handler acts on. */
    List<String> handledTypes(String source) {
        return handlers.keySet().stream()
                .filter(key -> key.startsWith(source + " "))
                .map(key -> key.substring(source.length() + 1))
                .sorted()
                .toList();
    }

    /**
     * Hands a just-stored event to a background thread; the poller picks it up if this never runs (the process stops,
     * every worker is busy and the queue is full, or processing on receipt is off).
     */
    void processSoon(long id) {
        workers.offer(id);
    }

    /**
     * Processes stored events right after receipt, on a worker: those that carry all they need are claimed, applied
     * and marked processed in one transaction (one commit for all of them); the others are claimed there and
     * processed one by one after it (they may call a provider).
     */
    private void processNow(List<Long> ids) {
        Instant now = clock.instant();
        Instant leaseUntil = now.plus(leases.lease());
        List<StoredEvent> left;
        try {
            left = applyLocally(() -> events.lockAll(ids, now), leaseUntil).left();
        } catch (RuntimeException e) {
            // All of it rolled back, the claims too: each event alone, so that only the one at fault is held back.
            if (ids.size() > 1) {
                log.debug("{} stored events failed in one transaction, each alone now: {}", ids.size(),
                        EmailMask.in(e.toString()));
                ids.forEach(id -> processNow(List.of(id)));
                return;
            }
            // The ordinary path records the failure and retries with backoff.
            log.debug("Stored event {} failed in one transaction, taking the ordinary path: {}", ids.get(0),
                    EmailMask.in(e.toString()));
            left = transactions.execute(tx -> events.claimAll(ids, now, leaseUntil));
        }
        processAll(left);
    }

    /**
     * Processes one stored event again now, whatever its state; safe because every handler is idempotent. An admin's
     * action (console or API), counted as a manual intervention.
     */
    void replay(long id) {
        Instant now = clock.instant();
        transactions.execute(tx -> {
            events.reopen(id, now);
            return events.claim(id, now, now.plus(leases.lease()));
        }).ifPresent(this::processHeld);
        interventions.record("replay");
    }

    /** Processes every due event, until none is left. */
    void processDue() {
        processDue(() -> false);
    }

    /**
     * Processes due events, batch after batch, until none is left or {@code stop} says so between two batches; run by
     * the {@code webhook-inbox} job (unless polling is off) and by a worker catching up.
     */
    void processDue(BooleanSupplier stop) {
        Applied applied;
        do {
            Instant now = clock.instant();
            Instant leaseUntil = now.plus(leases.lease());
            try {
                applied = applyLocally(() -> events.lockDue(now, 50), leaseUntil);
            } catch (RuntimeException e) {
                // Rolled back, claims too: claimed again, each applied alone; the ordinary path takes any that fail.
                log.debug("Due events failed in one transaction, each alone now: {}", EmailMask.in(e.toString()));
                List<StoredEvent> due = transactions.execute(tx -> events.claimDue(now, leaseUntil, 50));
                applied = new Applied(due.size(), due);
                List<Long> ids = due.stream().map(StoredEvent::id).toList();
                try (LeaseKeeper<Long>.Hold hold = leases.hold(ids)) {
                    for (StoredEvent event : due) {
                        processClaimed(event);
                        hold.letGo(event.id());
                    }
                }
                continue;
            }
            processAll(applied.left());
        } while (applied.claimed() == 50 && !stop.getAsBoolean());
    }

    /**
     * In one transaction: locks events with {@code lock}, lets their handlers prepare, applies those whose payload is
     * enough and marks them processed, marks those no handler takes ignored, and leases the rest until
     * {@code leaseUntil} for the ordinary path (one statement for each outcome, so each row is written once). If any
     * fails, all of it rolls back and the exception is thrown. While webhook deliveries arrive, it waits for its turn
     * among the background batches first.
     */
    private Applied applyLocally(Supplier<List<StoredEvent>> lock, Instant leaseUntil) {
        try (BackgroundTurns.Turn turn = turns.await("webhooks")) {
            return applyInTransaction(lock, leaseUntil);
        }
    }

    private Applied applyInTransaction(Supplier<List<StoredEvent>> lock, Instant leaseUntil) {
        return transactions.execute(tx -> {
            List<StoredEvent> claimed = lock.get();
            prepare(claimed);
            List<StoredEvent> done = new ArrayList<>();
            List<StoredEvent> ignored = new ArrayList<>();
            List<StoredEvent> left = new ArrayList<>();
            for (StoredEvent event : claimed) {
                if (handlers.get(event.event().source() + " " + event.event().type()) == null) {
                    ignored.add(event);
                } else {
                    (appliedLocally(event) ? done : left).add(event);
                }
            }
            finishAll(done, "processed");
            finishAll(ignored, "ignored");
            if (!left.isEmpty()) {
                events.leaseLocked(left.stream().map(StoredEvent::id).toList(), leaseUntil);
            }
            return new Applied(claimed.size(), left);
        });
    }

    // Each handler prepares for its events of the batch (it may lock ahead, by one statement, the rows they will lock).
    private void prepare(List<StoredEvent> claimed) {
        if (claimed.size() < 2) {
            return;
        }
        Map<InboxHandler, List<InboxEvent>> byHandler = new java.util.LinkedHashMap<>();
        for (StoredEvent event : claimed) {
            InboxHandler handler = handlers.get(event.event().source() + " " + event.event().type());
            if (handler != null) {
                byHandler.computeIfAbsent(handler, h -> new ArrayList<>()).add(event.event());
            }
        }
        byHandler.forEach(InboxHandler::prepareLocally);
    }

    private void finishAll(List<StoredEvent> ended, String outcome) {
        if (ended.isEmpty()) {
            return;
        }
        Set<Long> finished = Set.copyOf(events.finishLocked(ended.stream().map(StoredEvent::id).toList(), outcome,
                clock.instant()));
        ended.stream().filter(event -> finished.contains(event.id()))
                .forEach(event -> metrics.processed(event.event(), outcome));
    }

    /** How many events a claim took, and those left for the ordinary path. */
    private record Applied(int claimed, List<StoredEvent> left) {
    }

    // Events claimed and left for the ordinary path, with their leases renewed until each is done.
    private void processAll(List<StoredEvent> claimed) {
        List<Long> ids = claimed.stream().map(StoredEvent::id).toList();
        try (LeaseKeeper<Long>.Hold hold = leases.hold(ids)) {
            for (StoredEvent event : claimed) {
                process(event);
                hold.letGo(event.id());
            }
        }
    }

    // A claimed event: applied and marked processed in one transaction when its payload is enough, else processed.
    private void processClaimed(StoredEvent event) {
        try {
            if (Boolean.TRUE.equals(transactions.execute(tx -> processedLocally(event)))) {
                return;
            }
        } catch (RuntimeException e) {
            // Rolled back; the ordinary path below records the failure and retries with backoff.
            log.debug("Event {} failed in one transaction, taking the ordinary path: {}", event.event().eventId(),
                    EmailMask.in(e.toString()));
        }
        process(event);
    }

    // In the caller's transaction: the handler applies the event from its payload and it is marked processed; false,
    // having done nothing, when the handler needs the provider (or there is none).
    private boolean processedLocally(StoredEvent event) {
        if (!appliedLocally(event)) {
            return false;
        }
        if (events.finish(event.id(), "processed", null, clock.instant())) {
            metrics.processed(event.event(), "processed");
        }
        return true;
    }

    // In the caller's transaction: the handler applies the event from its payload; false, having done nothing, when
    // it needs the provider (or there is no handler).
    private boolean appliedLocally(StoredEvent event) {
        InboxHandler handler = handlers.get(event.event().source() + " " + event.event().type());
        if (handler == null) {
            return false;
        }
        try (LogContext.Scope scope = LogContext.event(event.event().source(), event.event().eventId())) {
            return handler.handleLocally(event.event());
        }
    }

    // An event claimed on its own, processed with its lease renewed until it is done.
    private void processHeld(StoredEvent stored) {
        try (LeaseKeeper<Long>.Hold hold = leases.hold(List.of(stored.id()))) {
            process(stored);
        }
    }

    private void process(StoredEvent stored) {
        try (LogContext.Scope scope = LogContext.event(stored.event().source(), stored.event().eventId())) {
            handle(stored);
        }
    }

    // The error kept with the event is for an admin; what is logged has any address in it masked (a handler's or a
    // provider's message can quote the order's email).
    private void handle(StoredEvent stored) {
        InboxEvent event = stored.event();
        try {
            InboxHandler handler = handlers.get(event.source() + " " + event.type());
            if (handler != null) {
                handler.handle(event);
            }
            String outcome = handler == null ? "ignored" : "processed";
            finish(stored, outcome, null);
        } catch (UnprocessableEvent e) {
            String error = e.getClass().getSimpleName() + ": " + e.getMessage();
            log.warn("{} event {} ({}) can never be processed; failed at attempt {}: {}", event.source(),
                    event.eventId(), event.type(), stored.attempts(), EmailMask.in(error));
            finish(stored, "failed", error);
        } catch (RuntimeException e) {
            String error = e.getClass().getSimpleName() + ": " + e.getMessage();
            if (stored.attempts() >= MAX_ATTEMPTS) {
                log.error("{} event {} ({}) failed for good after {} attempts: {}", event.source(), event.eventId(),
                        event.type(), stored.attempts(), EmailMask.in(error));
                finish(stored, "failed", error);
            } else {
                Duration backoff = Duration.ofSeconds(Math.min(3600, 1L << Math.min(stored.attempts(), 12)));
                log.warn("{} event {} ({}) failed, attempt {}; retrying in {}: {}", event.source(), event.eventId(),
                        event.type(), stored.attempts(), backoff, EmailMask.in(error));
                transactions.executeWithoutResult(
                        tx -> events.retryLater(stored.id(), error, clock.instant().plus(backoff)));
                metrics.processed(event, "retried");
            }
        }
    }

    private void finish(StoredEvent stored, String outcome, String note) {
        if (Boolean.TRUE.equals(transactions.execute(tx -> events.finish(stored.id(), outcome, note, clock.instant())))) {
            metrics.processed(stored.event(), outcome);
        }
    }
}
