package dev.checkstand.platform;

import java.time.Clock;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.modulith.events.core.DefaultEventPublicationRegistry;
import org.springframework.modulith.events.core.EventPublicationRepository;
import org.springframework.modulith.events.core.PublicationTargetIdentifier;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
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

        CompletingInListenerTransaction(EventPublicationRepository repository, Clock clock,
                PlatformTransactionManager transactions) {
            super(repository, clock);
            this.ownTransaction = new TransactionTemplate(transactions);
            this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        }

        @Override
        @Transactional(propagation = Propagation.SUPPORTS)
        public void markProcessing(Object event, PublicationTargetIdentifier identifier) {
            // Not written: see the class comment.
        }

        @Override
        @Transactional(propagation = Propagation.SUPPORTS)
        public void markCompleted(Object event, PublicationTargetIdentifier identifier) {
            if (TransactionSynchronizationManager.isActualTransactionActive()) {
                super.markCompleted(event, identifier);
            } else {
                ownTransaction.executeWithoutResult(status -> super.markCompleted(event, identifier));
            }
        }
    }
}
