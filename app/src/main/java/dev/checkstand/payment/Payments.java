package dev.checkstand.payment;

import dev.checkstand.common.Money;
import dev.checkstand.common.OrderId;
import dev.checkstand.order.Order;
import dev.checkstand.order.OrderDetails;
import dev.checkstand.order.OrderManagement;
import dev.checkstand.order.Source;
import dev.checkstand.payment.gateway.CheckoutSessionSnapshot;
import dev.checkstand.payment.gateway.GatewayResult;
import dev.checkstand.payment.gateway.PaymentGateway;
import dev.checkstand.payment.gateway.PaymentIntentSnapshot;
import dev.checkstand.payment.gateway.PaymentProviderUnavailable;
import dev.checkstand.platform.LeaseKeeper;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The payment module's API: opens attempts inside the checkout transaction, then creates their PaymentIntents at
 * Stripe outside any transaction with the attempt's fixed idempotency key (invariant 6).
 */
@Service
public class Payments implements DisposableBean {

    private final PaymentAttempts attempts;
    private final PaymentGateway gateway;
    private final OrderManagement orders;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final CaptureSettings capture;
    // Attempts whose Stripe call is under way here: the recovery job is held off them while it lasts.
    private final LeaseKeeper<UUID> inFlight;

    Payments(PaymentAttempts attempts, PaymentGateway gateway, OrderManagement orders, TransactionTemplate transactions,
            Clock clock, RecoverySettings recovery, CaptureSettings capture) {
        this.attempts = attempts;
        this.capture = capture;
        this.gateway = gateway;
        this.orders = orders;
        this.transactions = transactions;
        this.clock = clock;
        this.inFlight = new LeaseKeeper<>("payment-attempt", recovery.grace(),
                ids -> attempts.holdOffRecovery(ids, clock.instant().plus(recovery.grace())));
    }

    @Override
    public void destroy() {
        inFlight.close();
    }

    /**
     * Refuses (503 {@code payment_provider_unavailable} with {@code Retry-After}) while Stripe keeps failing and its
     * circuit breaker is open: work that would need Stripe is not begun, so a refused checkout changes nothing.
     */
    public void requireProviderAvailable() {
        gateway.failingFastFor().ifPresent(wait -> {
            throw PaymentProviderUnavailable.failingFast(wait);
        });
    }

    private PaymentAttempt.Capture captureForNewAttempts() {
        return capture.onFulfillment() ? PaymentAttempt.Capture.MANUAL : PaymentAttempt.Capture.AUTOMATIC;
    }

    /** Records the intent to create a PaymentIntent for the order, before Stripe is called. */
    @Transactional(propagation = Propagation.MANDATORY)
    public PaymentAttempt openPaymentIntentAttempt(OrderId orderId, Money amount) {
        return openPaymentIntentAttempt(orderId, amount, null);
    }

    /**
     * Records the intent to create a PaymentIntent for the order, a destination charge to a seller when
     * {@code destination} is given, before Stripe is called.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public PaymentAttempt openPaymentIntentAttempt(OrderId orderId, Money amount,
            PaymentGateway.Destination destination) {
        int attemptNo = attempts.latestOf(orderId).map(a -> a.attemptNo() + 1).orElse(1);
        PaymentAttempt attempt = new PaymentAttempt(UUID.randomUUID(), orderId, attemptNo,
                PaymentAttempt.Kind.PAYMENT_INTENT, PaymentAttempt.Status.CREATING,
                "order:" + orderId + ":attempt:" + attemptNo + ":create", null, null, null, amount, 0, null, null,
                clock.instant(), null, captureForNewAttempts());
        attempts.insert(attempt, destination);
        return attempt;
    }

    /**
     * Makes sure the attempt has its PaymentIntent: returns it when recorded, otherwise (first call, or a repeat
     * after a crash or an ambiguous answer) calls Stripe with the attempt's idempotency key and records the answer.
     * A definite refusal cancels the order and releases its stock, since no payment can exist for it.
     */
    public PaymentAttempt ensurePaymentIntent(UUID attemptId, PaymentIntentContext context) {
        PaymentAttempt attempt = attempts.byId(attemptId).orElseThrow();
        if (attempt.paymentIntentId() != null && attempt.clientSecret() != null) {
            return attempt;
        }
        if (attempt.status() == PaymentAttempt.Status.FAILED) {
            throw new PaymentProviderRejected(attempt.lastFailure());
        }
        try (LeaseKeeper<UUID>.Hold hold = inFlight.hold(List.of(attemptId))) {
            return gateway.createPaymentIntent(new PaymentGateway.NewPaymentIntent(attempt.amount(),
                            attempt.idempotencyKey(), metadata(attempt, context.orderNumber()),
                            "Order " + context.orderNumber(), context.receiptEmail(), attempt.capture().manual(),
                            attempts.destinationOf(attemptId).orElse(null)))
                    .fold(created -> record(attempt, created), rejected -> {
                        throw reject(attempt, rejected);
                    }, indeterminate -> {
                        throw new PaymentProviderUnavailable(indeterminate.reason(), gateway.failingFastFor());
                    });
        }
    }

    /** Cancels an attempt for which Stripe was never called, so no recovery will create anything for it. */
    public void abandonUncreated(UUID attemptId) {
        transactions.executeWithoutResult(tx -> lockUncreated(attemptId)
                .flatMap(PaymentAttempt::cancel)
                .ifPresent(change -> attempts.save(change, clock.instant())));
    }

    // The attempt, locked, while Stripe was never called for it (nothing linked, still creating).
    private Optional<PaymentAttempt> lockUncreated(UUID attemptId) {
        return attempts.lock(attemptId)
                .filter(a -> a.paymentIntentId() == null && a.checkoutSessionId() == null)
                .filter(a -> a.status() == PaymentAttempt.Status.CREATING);
    }

    // Fails an attempt Stripe never created anything for, and cancels its order (stock released) saying why; false
    // when it was created or decided meanwhile.
    private boolean failUncreated(UUID attemptId, String failure, Map<String, ?> cancellation) {
        return Boolean.TRUE.equals(transactions.execute(tx -> lockUncreated(attemptId)
                .flatMap(a -> a.fail(PaymentAttempt.Status.FAILED, failure, null)
                        .filter(change -> attempts.save(change, clock.instant()))
                        .map(change -> {
                            orders.cancel(a.orderId(), Source.SYSTEM, cancellation);
                            return true;
                        }))
                .orElse(false)));
    }

    /**
     * Runs {@code work} (a check made right before the attempt's Stripe call, however long it takes) with the recovery
     * job held off the attempt, as while its call is under way: recovery does not create what the check may give up.
     */
    public <T> T holdingOffRecovery(UUID attemptId, java.util.function.Supplier<T> work) {
        try (LeaseKeeper<UUID>.Hold hold = inFlight.hold(List.of(attemptId))) {
            return work.get();
        }
    }

    /**
     * Gives up an attempt for which Stripe was never called, and cancels its order (its stock released) for
     * {@code reason}: a checkout found it cannot be paid before anything was created at Stripe. False when the attempt
     * was created or decided meanwhile, which then goes on as ever.
     */
    public boolean withdrawUncreated(UUID attemptId, String reason) {
        return failUncreated(attemptId, reason, Map.of("reason", reason));
    }

    /** Makes sure the attempt's PaymentIntent or Checkout Session exists at Stripe and is recorded. */
    public PaymentAttempt ensureCreated(UUID attemptId) {
        PaymentAttempt attempt = attempts.byId(attemptId).orElseThrow();
        if (attempt.kind() == PaymentAttempt.Kind.CHECKOUT_SESSION) {
            return ensureCheckoutSession(attemptId);
        }
        Order order = orders.find(attempt.orderId()).orElseThrow();
        return ensurePaymentIntent(attemptId, new PaymentIntentContext(order.number(), order.email()));
    }

    /** Records the intent to create a Checkout Session for the order, expiring with its reservation. */
    @Transactional(propagation = Propagation.MANDATORY)
    public PaymentAttempt openCheckoutSessionAttempt(OrderId orderId, Money amount, java.time.Instant expiresAt,
            String successUrl, String cancelUrl) {
        return openCheckoutSessionAttempt(orderId, amount, expiresAt, successUrl, cancelUrl, null);
    }

    /**
     * Records the intent to create a Checkout Session for the order, expiring with its reservation; a destination
     * charge to a seller when {@code destination} is given.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public PaymentAttempt openCheckoutSessionAttempt(OrderId orderId, Money amount, java.time.Instant expiresAt,
            String successUrl, String cancelUrl, PaymentGateway.Destination destination) {
        int attemptNo = attempts.latestOf(orderId).map(a -> a.attemptNo() + 1).orElse(1);
        PaymentAttempt attempt = new PaymentAttempt(UUID.randomUUID(), orderId, attemptNo,
                PaymentAttempt.Kind.CHECKOUT_SESSION, PaymentAttempt.Status.CREATING,
                "order:" + orderId + ":attempt:" + attemptNo + ":session", null, null, null, amount, 0, null, null,
                clock.instant(), new PaymentAttempt.Session(null, expiresAt, successUrl, cancelUrl),
                captureForNewAttempts());
        attempts.insert(attempt, destination);
        return attempt;
    }

    /**
     * Opens the next Checkout Session attempt of a pending order, its stock hold extended to at least
     * {@code holdUntil}, returning customers where the previous session did (else to the defaults given). Empty when
     * the order is no longer pending. Every attempt of the order is locked first, so no payment of it is applied
     * meanwhile.
     */
    @Transactional
    public Optional<PaymentAttempt> openNextCheckoutSession(OrderId orderId, java.time.Instant holdUntil,
            String defaultSuccessUrl, String defaultCancelUrl) {
        List<PaymentAttempt> all = attempts.lockAllOf(orderId);
        Order order = orders.extendHold(orderId, holdUntil, Source.CHECKOUT);
        if (order.status() != Order.Status.PENDING_PAYMENT) {
            return Optional.empty();
        }
        PaymentAttempt last = all.isEmpty() ? null : all.get(all.size() - 1);
        PaymentAttempt.Session previous = last == null ? null : last.session();
        return Optional.of(openCheckoutSessionAttempt(orderId, order.total(), order.reservationExpiresAt(),
                previous != null ? previous.successUrl() : defaultSuccessUrl,
                previous != null ? previous.cancelUrl() : defaultCancelUrl,
                last == null ? null : attempts.destinationOf(last.id()).orElse(null)));
    }

    /**
     * Makes sure a Checkout Session attempt has its session at Stripe, creating it with the attempt's key and the
     * same parameters every time (lines from the order, URLs and expiry from the attempt).
     */
    public PaymentAttempt ensureCheckoutSession(UUID attemptId) {
        PaymentAttempt attempt = attempts.byId(attemptId).orElseThrow();
        if (attempt.checkoutSessionId() != null && attempt.session().url() != null) {
            return attempt;
        }
        if (attempt.status() == PaymentAttempt.Status.FAILED) {
            throw new PaymentProviderRejected(attempt.lastFailure());
        }
        OrderDetails details = orders.details(attempt.orderId());
        Order order = details.order();
        List<PaymentGateway.Line> lines = new ArrayList<>();
        details.items().forEach(i -> lines.add(new PaymentGateway.Line(i.name(), i.unitAmount(), i.quantity())));
        if (order.shipping().amount() > 0) {
            lines.add(new PaymentGateway.Line("Shipping", order.shipping().amount(), 1));
        }
        try (LeaseKeeper<UUID>.Hold hold = inFlight.hold(List.of(attemptId))) {
            return gateway.createCheckoutSession(new PaymentGateway.NewCheckoutSession(attempt.idempotencyKey(), lines,
                            order.total().currency(), order.email(), order.id().toString(),
                            metadata(attempt, order.number()), withAttemptId(attempt.session().successUrl(), attempt),
                            withAttemptId(attempt.session().cancelUrl(), attempt), attempt.session().expiresAt(),
                            attempt.capture().manual(), attempts.destinationOf(attemptId).orElse(null)))
                    .fold(created -> record(attempt, created), rejected -> {
                        throw reject(attempt, rejected);
                    }, indeterminate -> {
                        throw new PaymentProviderUnavailable(indeterminate.reason(), gateway.failingFastFor());
                    });
        }
    }

    private static String withAttemptId(String url, PaymentAttempt attempt) {
        return url == null ? null : url.replace(PaymentAttempt.ATTEMPT_ID_TEMPLATE, attempt.id().toString());
    }

    private static Map<String, String> metadata(PaymentAttempt attempt, String orderNumber) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(PaymentTransition.ORDER_ID, attempt.orderId().toString());
        metadata.put(PaymentTransition.ATTEMPT_ID, attempt.id().toString());
        metadata.put("order_number", orderNumber);
        return metadata;
    }

    /** Where the storefront's page loads Stripe.js from (the simulator's stand-in when the simulator is used). */
    public String browserScriptUrl() {
        return gateway.browserScriptUrl();
    }

    /** The publishable key the storefront confirms payments with. */
    public String publishableKey() {
        return gateway.publishableKey();
    }

    private PaymentAttempt record(PaymentAttempt attempt, PaymentIntentSnapshot pi) {
        return transactions.execute(tx -> {
            if (!attempts.linkPaymentIntent(attempt.id(), pi.id(), pi.clientSecret(), pi.status(), clock.instant())) {
                throw new IllegalStateException("attempt " + attempt.id() + " is linked to another PaymentIntent than "
                        + pi.id());
            }
            return attempts.byId(attempt.id()).orElseThrow();
        });
    }

    private PaymentAttempt record(PaymentAttempt attempt, CheckoutSessionSnapshot session) {
        return transactions.execute(tx -> {
            if (!attempts.linkCheckoutSession(attempt.id(), session.id(), session.url(), clock.instant())) {
                throw new IllegalStateException("attempt " + attempt.id() + " is linked to another session");
            }
            return attempts.byId(attempt.id()).orElseThrow();
        });
    }

    // Stripe definitely refused to create the payment, so none can exist for this attempt: it fails, and its order is
    // canceled with its stock released — unless the attempt was linked meanwhile (then Stripe did create it).
    private PaymentProviderRejected reject(PaymentAttempt attempt, GatewayResult.Rejected<?> rejected) {
        String reason = rejected.code() != null ? rejected.code() : "rejected";
        failUncreated(attempt.id(), reason, Map.of("reason", "payment_provider_rejected", "code", reason));
        return new PaymentProviderRejected(rejected.message());
    }

    /** What Stripe is told about the order along with the PaymentIntent. */
    public record PaymentIntentContext(String orderNumber, String receiptEmail) {
    }
}
