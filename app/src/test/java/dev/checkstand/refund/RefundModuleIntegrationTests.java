package dev.checkstand.refund;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.param.RefundListParams;
import dev.checkstand.common.Money;
import dev.checkstand.inventory.Inventory;
import dev.checkstand.order.Order;
import dev.checkstand.order.OrderManagement;
import dev.checkstand.order.Source;
import dev.checkstand.order.TimelineEntry;
import dev.checkstand.payment.DuplicatePaymentReceived;
import dev.checkstand.payment.PaymentAttempt;
import dev.checkstand.payment.PaymentSucceededAfterCancel;
import dev.checkstand.payment.PaymentSync;
import dev.checkstand.payment.Payments;
import dev.checkstand.simulator.StripeSimulator;
import dev.checkstand.support.Browser;
import dev.checkstand.support.Catalogs;
import dev.checkstand.support.ModuleBackends;
import dev.checkstand.support.PendingOrders;
import dev.checkstand.support.TestSupport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.CompletedEventPublications;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.ApplicationModuleTest.BootstrapMode;
import org.springframework.modulith.test.Scenario;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The refund module's listeners, fed the payment module's events by the test. Bootstrapped with every module its beans
 * use, transitively: payment (the attempts it reads, the Stripe gateway it calls), whose Stripe connection starts the
 * simulator — Modulith counts the simulator's package as a module, so without it the test's handle on the simulator
 * is dropped — order (the timeline it notes refunds on) and inventory (order's). Platform is included by name: it
 * owns the embedded PostgreSQL and the clock, which no module asks for by a module type. Inbox is not needed: the
 * refund module only implements its handler interface. No checkout either: orders are placed through the order and
 * inventory APIs, their PaymentIntents created through the payment module's and paid as a browser would. The money
 * is really taken at the simulator; only the payment module's transition, which would announce it, is left out — the
 * test publishes its event instead. Completed publications are kept (Modulith's {@code update} completion mode, not
 * the service's {@code delete}), so that the test can count what was published and what its listeners completed.
 */
@TestPropertySource(properties = "spring.modulith.events.completion-mode=update")
@ApplicationModuleTest(mode = BootstrapMode.ALL_DEPENDENCIES, extraIncludes = "platform")
@ModuleBackends
@Import(TestSupport.class)
class RefundModuleIntegrationTests {

    static final Duration PATIENCE = Duration.ofSeconds(60);
    static final long ONE_MUG_SHIPPED = 1499;

    @Autowired
    OrderManagement orders;

    @Autowired
    Inventory inventory;

    @Autowired
    Payments payments;

    @Autowired
    PaymentSync sync;

    @Autowired
    RefundQueries refunds;

    @Autowired
    CompletedEventPublications completed;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    StripeSimulator simulator;

    StripeClient stripe;
    Order order;

    @BeforeEach
    void oneMugPending() {
        stripe = StripeClient.builder().setApiKey(simulator.secretKey()).setApiBase(simulator.baseUrl()).build();
        order = new PendingOrders(transactions, orders, inventory).mugs(Catalogs.mug(jdbc), 1);
    }

    @Test
    void duplicatePaymentIsRefundedInFullOnceAndNotedOnTheOrder(Scenario scenario) throws Exception {
        PaymentAttempt first = paidAndApplied();
        PaymentAttempt second = paidAtStripeOnly();
        DuplicatePaymentReceived duplicate = new DuplicatePaymentReceived(order.id(), second.id(),
                second.paymentIntentId(), received(second));

        scenario.publish(duplicate)
                .andWaitAtMost(PATIENCE)
                .andWaitForStateChange(this::refundsOfOrder, this::answered)
                .andVerify(all -> assertThat(all).singleElement().satisfies(refund -> {
                    assertThat(refund.attemptId()).isEqualTo(second.id());
                    assertThat(refund.amount()).isEqualTo(Money.of(ONE_MUG_SHIPPED, "gbp"));
                    assertThat(refund.status()).isEqualTo(Refund.Status.SUCCEEDED);
                    assertThat(refund.reason()).isEqualTo("duplicate");
                    assertThat(refund.source()).isEqualTo("system");
                    assertThat(refund.idempotencyKey()).isEqualTo("attempt:" + second.id() + ":refund:duplicate");
                    assertThat(stripeRefundIds(second)).containsExactly(refund.stripeRefundId());
                }));

        assertThat(stripeRefundAmounts(second)).containsExactly(ONE_MUG_SHIPPED);
        assertThat(stripeRefundAmounts(first)).isEmpty();
        assertThat(timeline("refund_requested")).singleElement()
                .satisfies(entry -> assertThat(entry.data()).containsEntry("why", "duplicate"));
        assertThat(orders.find(order.id()).orElseThrow().status()).isEqualTo(Order.Status.PAID);
    }

    @Test
    void duplicatePaymentAnnouncedTwiceAtOnceIsRefundedOnce(Scenario scenario) throws Exception {
        paidAndApplied();
        PaymentAttempt second = paidAtStripeOnly();
        DuplicatePaymentReceived duplicate = new DuplicatePaymentReceived(order.id(), second.id(),
                second.paymentIntentId(), received(second));

        scenario.stimulate((tx, events) -> {
                    tx.executeWithoutResult(status -> events.publishEvent(duplicate));
                    tx.executeWithoutResult(status -> events.publishEvent(duplicate));
                })
                .andWaitAtMost(PATIENCE)
                .andWaitForStateChange(() -> publications(duplicate) == 2 && incomplete(duplicate) == 0
                        && answered(refundsOfOrder()))
                .andVerify(done -> assertThat(refundsOfOrder()).extracting(Refund::amount, Refund::status)
                        .containsExactly(tuple(Money.of(ONE_MUG_SHIPPED, "gbp"), Refund.Status.SUCCEEDED)));

        assertThat(stripeRefundAmounts(second)).containsExactly(ONE_MUG_SHIPPED);
        assertThat(timeline("refund_requested")).hasSize(1);
    }

    @Test
    void paymentAfterCancelIsRefundedInFullOnceEvenWhenAnnouncedAgain(Scenario scenario) throws Exception {
        PaymentAttempt attempt = createdAtStripe();
        Order.Cancellation canceled = transactions.execute(tx -> orders.cancel(order.id(), Source.ADMIN, Map.of()));
        assertThat(canceled).isEqualTo(Order.Cancellation.CANCELED);
        pay(attempt);
        PaymentSucceededAfterCancel late = new PaymentSucceededAfterCancel(order.id(), attempt.id(),
                attempt.paymentIntentId(), received(attempt));

        scenario.publish(late)
                .andWaitAtMost(PATIENCE)
                .andWaitForStateChange(this::refundsOfOrder, this::answered)
                .andVerify(all -> assertThat(all).singleElement().satisfies(refund -> {
                    assertThat(refund.attemptId()).isEqualTo(attempt.id());
                    assertThat(refund.amount()).isEqualTo(Money.of(ONE_MUG_SHIPPED, "gbp"));
                    assertThat(refund.status()).isEqualTo(Refund.Status.SUCCEEDED);
                    assertThat(refund.reason()).isEqualTo("requested_by_customer");
                    assertThat(refund.idempotencyKey())
                            .isEqualTo("attempt:" + attempt.id() + ":refund:paid_after_cancel");
                }));
        scenario.publish(late)
                .andWaitAtMost(PATIENCE)
                .andWaitForStateChange(() -> handled(late), handled -> handled == 2)
                .andVerify(handled -> assertThat(refundsOfOrder()).hasSize(1));

        assertThat(stripeRefundAmounts(attempt)).containsExactly(ONE_MUG_SHIPPED);
        assertThat(timeline("refund_requested")).singleElement()
                .satisfies(entry -> assertThat(entry.data()).containsEntry("why", "paid_after_cancel"));
        assertThat(orders.find(order.id()).orElseThrow().status()).isEqualTo(Order.Status.CANCELED);
    }

    // The order's payment: created, paid by the customer and applied through the payment module's one transition.
    private PaymentAttempt paidAndApplied() throws StripeException {
        PaymentAttempt attempt = createdAtStripe();
        pay(attempt);
        sync.syncPaymentIntent(attempt.paymentIntentId(), Source.CONFIRM);
        assertThat(orders.find(order.id()).orElseThrow().status()).isEqualTo(Order.Status.PAID);
        return attempt;
    }

    // Another PaymentIntent for the same order (a second tab), paid at Stripe; the service has not applied it.
    private PaymentAttempt paidAtStripeOnly() throws StripeException {
        PaymentAttempt attempt = createdAtStripe();
        pay(attempt);
        return attempt;
    }

    private PaymentAttempt createdAtStripe() {
        PaymentAttempt opened = transactions.execute(tx -> payments.openPaymentIntentAttempt(order.id(), order.total()));
        return payments.ensurePaymentIntent(Objects.requireNonNull(opened).id(),
                new Payments.PaymentIntentContext(order.number(), order.email()));
    }

    private void pay(PaymentAttempt attempt) throws StripeException {
        String status = new Browser(simulator.baseUrl(), simulator.publishableKey())
                .pay(attempt.paymentIntentId(), attempt.clientSecret(), "pm_card_visa").getStatus();
        assertThat(status).isEqualTo("succeeded");
    }

    private Money received(PaymentAttempt attempt) throws StripeException {
        var pi = stripe.v1().paymentIntents().retrieve(attempt.paymentIntentId());
        return Money.of(pi.getAmountReceived(), pi.getCurrency());
    }

    private List<Refund> refundsOfOrder() {
        return refunds.refundsOf(order.id());
    }

    // Refunds are written creating, before Stripe is called: these have all been answered by Stripe.
    private boolean answered(List<Refund> refunds) {
        return !refunds.isEmpty() && refunds.stream().allMatch(refund -> refund.status() != Refund.Status.CREATING);
    }

    // Rows of the publication registry for this event type and this order (two identical events are two rows).
    private long publications(Object event) {
        return jdbc.sql("select count(*) from event_publication where event_type = :type and serialized_event like :order")
                .param("type", event.getClass().getName()).param("order", "%" + order.id() + "%")
                .query(Long.class).single();
    }

    private long incomplete(Object event) {
        return jdbc.sql("""
                select count(*) from event_publication
                 where event_type = :type and serialized_event like :order and completion_date is null""")
                .param("type", event.getClass().getName()).param("order", "%" + order.id() + "%")
                .query(Long.class).single();
    }

    // Publications of this very event whose listener has run to completion.
    private long handled(Object event) {
        return completed.findAll().stream().filter(publication -> event.equals(publication.getEvent())).count();
    }

    private List<TimelineEntry> timeline(String type) {
        return orders.details(order.id()).timeline().stream().filter(entry -> type.equals(entry.type())).toList();
    }

    private List<String> stripeRefundIds(PaymentAttempt attempt) throws StripeException {
        return stripeRefunds(attempt).stream().map(com.stripe.model.Refund::getId).toList();
    }

    private List<Long> stripeRefundAmounts(PaymentAttempt attempt) throws StripeException {
        return stripeRefunds(attempt).stream().map(com.stripe.model.Refund::getAmount).toList();
    }

    private List<com.stripe.model.Refund> stripeRefunds(PaymentAttempt attempt) throws StripeException {
        List<com.stripe.model.Refund> all = new ArrayList<>();
        stripe.v1().refunds().list(RefundListParams.builder().setPaymentIntent(attempt.paymentIntentId()).build())
                .autoPagingIterable().forEach(all::add);
        return all;
    }
}
