package dev.checkstand.platform;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.EventPublication;
import org.springframework.modulith.events.core.DefaultEventPublicationRegistry;
import org.springframework.modulith.events.core.EventPublicationRepository;
import org.springframework.modulith.events.core.EventSerializer;
import org.springframework.modulith.events.core.PublicationTargetIdentifier;
import org.springframework.modulith.events.core.TargetEventPublication;
import org.springframework.modulith.events.support.CompletionMode;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An event listener's publication is completed in the listener's own transaction: its work and its completion commit
 * together or not at all.
 * <p>
 * Spring Modulith, as it comes, writes two more transactions around every listener run: one marking the publication
 * {@code PROCESSING} before the listener starts, one marking it {@code COMPLETED} after the listener's transaction
 * has committed. Nothing here reads the {@code PROCESSING} state (it feeds only Modulith's staleness monitor, which is
 * off; {@code event-resubmission} takes every incomplete publication older than 15 s whatever its state), and a
 * listener whose completion is committed apart from its work can commit the work and lose the completion — it is run
 * again, harmlessly, because every listener is idempotent. Measured on the paid-order path (docs/BENCHMARKS.md,
 * issue 18), those two transactions per listener were 4 of the 6 transactions a paid order cost.
 * <p>
 * So: the {@code PROCESSING} mark is not written; the transaction interceptor runs outside Modulith's completion
 * interceptor (its order is {@code HIGHEST_PRECEDENCE + 10}, this one {@code + 5}), so a listener's transaction
 * ({@code @ApplicationModuleListener}: {@code REQUIRES_NEW}) is open when the completion is written, and the
 * completion joins it. A listener without a transaction of its own ({@code propagation = NOT_SUPPORTED}, the ones
 * that call a provider) has its completion written in a transaction of its own, as before; a failure is still
 * marked in a transaction of its own, so it outlives the listener's rollback.
 * <p>
 * Every listener that completes a publication is an {@code @ApplicationModuleListener}, run on the listener executor
 * (or, when its queue is full, on the publisher's thread — where the listener's transaction interceptor has already
 * suspended the publisher's committed transaction), or a {@link BatchedModuleListener}, run in a transaction its batch
 * began (a new one also on a publisher's thread), so an active transaction at completion is always the listener's or
 * its batch's.
 */
@Configuration(proxyBeanMethods = false)
@EnableTransactionManagement(proxyTargetClass = true, order = Ordered.HIGHEST_PRECEDENCE + 5)
class EventPublicationCompletion {

    static final String REGISTRY_BEAN = "eventPublicationRegistry";

    /**
     * Puts {@link CompletingInListenerTransaction} in place of the registry Spring Modulith's auto-configuration
     * defines (that definition is unconditional, so it cannot be backed off from; replacing the definition means
     * the original is never created).
     */
    @Bean
    static BeanDefinitionRegistryPostProcessor completingRegistryDefinition() {
        return new BeanDefinitionRegistryPostProcessor() {
            @Override
            public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
                if (!registry.containsBeanDefinition(REGISTRY_BEAN)) {
                    throw new IllegalStateException("Spring Modulith defines no bean " + REGISTRY_BEAN
                            + " to complete publications in the listener's transaction");
                }
                RootBeanDefinition replacement = new RootBeanDefinition(CompletingInListenerTransaction.class);
                replacement.setAutowireMode(AbstractBeanDefinition.AUTOWIRE_CONSTRUCTOR);
                replacement.setRole(registry.getBeanDefinition(REGISTRY_BEAN).getRole());
                registry.removeBeanDefinition(REGISTRY_BEAN);
                registry.registerBeanDefinition(REGISTRY_BEAN, replacement);
            }

            @Override
            public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
            }
        };
    }

    /** Spring Modulith's registry, with the completion written in the listener's transaction and no processing mark. */
    static class CompletingInListenerTransaction extends DefaultEventPublicationRegistry {

        private final TransactionTemplate ownTransaction;
        private final EventPublicationRepository publications;

        CompletingInListenerTransaction(EventPublicationRepository repository, Clock clock,
                PlatformTransactionManager transactions, Environment environment, JdbcClient jdbc,
                EventSerializer serializer) {
            this(writtenTogether(repository, environment, jdbc, serializer,
                    WrittenBeforeCommit.ownTransaction(transactions)), clock,
                    WrittenBeforeCommit.ownTransaction(transactions));
        }

        private CompletingInListenerTransaction(EventPublicationRepository publications, Clock clock,
                TransactionTemplate ownTransaction) {
            super(publications, clock);
            this.publications = publications;
            this.ownTransaction = ownTransaction;
        }

        private static EventPublicationRepository writtenTogether(EventPublicationRepository repository,
                Environment environment, JdbcClient jdbc, EventSerializer serializer,
                TransactionTemplate ownTransaction) {
            CompletionMode mode = CompletionMode.from(environment);
            if (mode == CompletionMode.ARCHIVE) {
                throw new IllegalStateException(CompletionMode.PROPERTY + "=archive is not supported: no migration"
                        + " creates the archive table; use delete (the default) or update");
            }
            return new WrittenTogether(repository, jdbc, serializer, ownTransaction,
                    EventResubmission.after(environment), mode == CompletionMode.DELETE);
        }

        @Override
        @Transactional(propagation = Propagation.SUPPORTS)
        public void markProcessing(Object event, PublicationTargetIdentifier identifier) {
            // Not written: see the class comment.
        }

        @Override
        @Transactional(propagation = Propagation.SUPPORTS)
        public void markCompleted(Object event, PublicationTargetIdentifier identifier) {
            ListenerBatch batch = ListenerBatch.current();
            if (batch != null && !batch.savepoints()) {
                // A batch that runs together may yet roll back and run everything again: the publication stays in
                // progress (where the run again finds it, to complete it or mark it failed) until the batch's runs
                // have all succeeded.
                batch.completeAtEnd(event, identifier, () -> super.markCompleted(event, identifier));
            } else if (TransactionSynchronizationManager.isActualTransactionActive()) {
                super.markCompleted(event, identifier);
            } else {
                ownTransaction.executeWithoutResult(status -> super.markCompleted(event, identifier));
            }
        }

        /**
         * As Modulith marks a failed run, which finds the publication among those it holds in progress; one that a
         * batch had concluded before its commit failed is no longer held, and is found in the table instead.
         */
        @Override
        @Transactional(propagation = Propagation.REQUIRES_NEW)
        public void markFailed(Object event, PublicationTargetIdentifier identifier) {
            ListenerBatch batch = ListenerBatch.current();
            if (batch != null && batch.concludedBefore(event, identifier)) {
                publications.findIncompletePublicationsByEventAndTargetIdentifier(event, identifier)
                        .ifPresent(publication -> publications.markFailed(publication.getIdentifier()));
            } else {
                super.markFailed(event, identifier);
            }
        }
    }

    /**
     * Spring Modulith's JDBC repository, with the two writes every listener of every event costs gathered up in the
     * transaction that makes them by one callback of that transaction, and written by one statement each just before
     * it commits:
     * <ul>
     * <li>the publications stored in a transaction (one row per listener: a paid order's two, times the orders of a
     * batch of stored events applied together) — still in the publishing transaction, so they commit with what was
     * published or not at all; a publication stored after the gathered ones were written (by another callback before
     * the commit) is written at once, and ones first stored by such a callback — too late for this one to run before
     * the commit — are written right after it, in a transaction of their own, rather than lost. Not inside a batch of
     * listener runs, whose runs may roll back alone (to savepoints): there each is written at once, as before.</li>
     * <li>inside a batch of listener runs ({@link ListenerBatches}), the completions of the runs that succeeded,
     * written just before the batch commits — the same transaction, so a run's completion still commits with its work
     * or not at all. In the {@code delete} completion mode (the service's default) a completion deletes the
     * publication's row, as Modulith's own statement does in that mode; in {@code update} it stamps the row.</li>
     * </ul>
     * A publication is marked resubmitted also when it already is, if that resubmission is older than
     * {@code checkstand.events.resubmit-after}: Modulith's own statement skips every {@code RESUBMITTED} row, so a
     * resubmitted run that never completed (its instance died, its batch did not commit) would never run again.
     * <p>
     * Everything else goes to Modulith's repository as it is. The {@code archive} completion mode is refused at
     * start-up (no migration creates its table); the rows written are the ones Modulith's own statements write (its
     * version 2 schema, which V8 creates).
     */
    static final class WrittenTogether implements EventPublicationRepository {

        private static final Logger log = LoggerFactory.getLogger(WrittenTogether.class);

        private final EventPublicationRepository delegate;
        private final JdbcClient jdbc;
        private final EventSerializer serializer;
        private final TransactionTemplate ownTransaction;
        private final Duration resubmitAfter;
        private final boolean deleteCompleted;

        WrittenTogether(EventPublicationRepository delegate, JdbcClient jdbc, EventSerializer serializer,
                TransactionTemplate ownTransaction, Duration resubmitAfter, boolean deleteCompleted) {
            this.delegate = delegate;
            this.jdbc = jdbc;
            this.serializer = serializer;
            this.ownTransaction = ownTransaction;
            this.resubmitAfter = resubmitAfter;
            this.deleteCompleted = deleteCompleted;
        }

        @Override
        public TargetEventPublication create(TargetEventPublication publication) {
            Gathered gathered = ListenerBatch.current() == null ? gathered() : null;
            if (gathered == null) {
                return delegate.create(publication);
            }
            gathered.publications.add(publication);
            return publication;
        }

        @Override
        public void markCompleted(UUID identifier, Instant completionDate) {
            Gathered gathered = ListenerBatch.current() != null ? gathered() : null;
            if (gathered == null) {
                delegate.markCompleted(identifier, completionDate);
                return;
            }
            gathered.completed.add(identifier);
            gathered.completedAt.add(completionDate.toString());
        }

        /**
         * The current transaction's callback gathering its writes, registered by the first; null outside a
         * transaction and once the gathered writes have been written (what comes later is written at once).
         */
        private Gathered gathered() {
            if (!TransactionSynchronizationManager.isActualTransactionActive()) {
                return null;
            }
            Gathered gathered = TransactionBound.get(this, Gathered::new);
            return gathered == null || gathered.written ? null : gathered;
        }

        /** A transaction's publications and completions, written just before it commits (after every other callback). */
        private final class Gathered implements TransactionSynchronization {

            private final List<TargetEventPublication> publications = new ArrayList<>();
            private final List<UUID> completed = new ArrayList<>();
            private final List<String> completedAt = new ArrayList<>();
            private boolean written;

            @Override
            public int getOrder() {
                return Ordered.LOWEST_PRECEDENCE;
            }

            @Override
            public void beforeCommit(boolean readOnly) {
                written = true;
                writePublications();
                writeCompletions();
            }

            private void writePublications() {
                if (publications.isEmpty()) {
                    return;
                }
                int n = publications.size();
                UUID[] ids = new UUID[n];
                String[] types = new String[n];
                String[] listeners = new String[n];
                String[] dates = new String[n];
                String[] events = new String[n];
                String[] statuses = new String[n];
                for (int i = 0; i < n; i++) {
                    TargetEventPublication publication = publications.get(i);
                    ids[i] = publication.getIdentifier();
                    types[i] = publication.getEvent().getClass().getName();
                    listeners[i] = publication.getTargetIdentifier().getValue();
                    dates[i] = publication.getPublicationDate().toString();
                    events[i] = serializer.serialize(publication.getEvent()).toString();
                    statuses[i] = publication.getStatus().name();
                }
                jdbc.sql("""
                        insert into event_publication (id, event_type, listener_id, publication_date, serialized_event,
                                                       status, completion_attempts, last_resubmission_date)
                        select p.id, p.type, p.listener, p.at, p.event, p.status, 1, p.at
                          from unnest(:ids, :types, :listeners, cast(:dates as timestamptz[]), :events, :statuses)
                               as p(id, type, listener, at, event, status)""")
                        .param("ids", ids)
                        .param("types", types)
                        .param("listeners", listeners)
                        .param("dates", dates)
                        .param("events", events)
                        .param("statuses", statuses)
                        .update();
            }

            private void writeCompletions() {
                if (completed.isEmpty()) {
                    return;
                }
                if (deleteCompleted) {
                    jdbc.sql("delete from event_publication where id = any(:ids)")
                            .param("ids", completed.toArray(UUID[]::new))
                            .update();
                    return;
                }
                jdbc.sql("""
                        update event_publication p set status = 'COMPLETED', completion_date = c.at
                          from unnest(:ids, cast(:ats as timestamptz[])) as c(id, at)
                         where p.id = c.id""")
                        .param("ids", completed.toArray(UUID[]::new))
                        .param("ats", completedAt.toArray(String[]::new))
                        .update();
            }

            // Spring runs the callbacks before a commit from the list it had when the commit began: writes first
            // gathered by one of them registered this callback too late for that. They are written now, in a
            // transaction of their own and ahead of their listeners' callbacks (registered after this one), rather
            // than lost; nothing here publishes or completes that way.
            @Override
            public void afterCommit() {
                if (!written && (!publications.isEmpty() || !completed.isEmpty())) {
                    log.warn("{} event publications and {} completions were gathered while their transaction was"
                            + " committing; written after it", publications.size(), completed.size());
                    written = true;
                    ownTransaction.executeWithoutResult(status -> {
                        writePublications();
                        writeCompletions();
                    });
                }
            }
        }

        @Override
        public void markProcessing(UUID identifier) {
            delegate.markProcessing(identifier);
        }

        @Override
        public void markCompleted(Object event, PublicationTargetIdentifier identifier, Instant completionDate) {
            delegate.markCompleted(event, identifier, completionDate);
        }

        @Override
        public void markFailed(UUID identifier) {
            delegate.markFailed(identifier);
        }

        /**
         * Takes the publication for a resubmission, as Modulith's statement does, unless it completed meanwhile or
         * another resubmission younger than {@code resubmit-after} has it. Of two instances resubmitting at once, one
         * takes it: the second's update waits for the first's row lock, then reads the row again and sees the first's
         * date.
         */
        @Override
        public boolean markResubmitted(UUID identifier, Instant resubmissionDate) {
            return jdbc.sql("""
                            update event_publication
                               set status = 'RESUBMITTED', completion_attempts = completion_attempts + 1,
                                   last_resubmission_date = :at
                             where id = :id
                               and completion_date is null
                               and (status is distinct from 'RESUBMITTED' or last_resubmission_date is null
                                    or last_resubmission_date < :stale)""")
                    .param("id", identifier)
                    .param("at", Timestamp.from(resubmissionDate))
                    .param("stale", Timestamp.from(resubmissionDate.minus(resubmitAfter)))
                    .update() == 1;
        }

        @Override
        public List<TargetEventPublication> findIncompletePublications() {
            return delegate.findIncompletePublications();
        }

        @Override
        public List<TargetEventPublication> findIncompletePublicationsPublishedBefore(Instant instant) {
            return delegate.findIncompletePublicationsPublishedBefore(instant);
        }

        @Override
        public Optional<TargetEventPublication> findIncompletePublicationsByEventAndTargetIdentifier(Object event,
                PublicationTargetIdentifier targetIdentifier) {
            return delegate.findIncompletePublicationsByEventAndTargetIdentifier(event, targetIdentifier);
        }

        @Override
        public List<TargetEventPublication> findCompletedPublications() {
            return delegate.findCompletedPublications();
        }

        @Override
        public void deletePublications(List<UUID> identifiers) {
            delegate.deletePublications(identifiers);
        }

        @Override
        public void deleteCompletedPublications() {
            delegate.deleteCompletedPublications();
        }

        @Override
        public void deleteCompletedPublicationsBefore(Instant instant) {
            delegate.deleteCompletedPublicationsBefore(instant);
        }

        @Override
        public List<TargetEventPublication> findFailedPublications(FailedCriteria criteria) {
            return delegate.findFailedPublications(criteria);
        }

        @Override
        public List<TargetEventPublication> findByStatus(EventPublication.Status status) {
            return delegate.findByStatus(status);
        }

        @Override
        public int countByStatus(EventPublication.Status status) {
            return delegate.countByStatus(status);
        }
    }
}
