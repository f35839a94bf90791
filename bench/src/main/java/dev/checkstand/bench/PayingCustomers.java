package dev.checkstand.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Customers paying for orders the whole way a storefront takes them: checkout ({@code POST /api/create-payment-intent}),
 * the payment as Stripe.js makes it (publishable key, client secret, {@code pm_card_visa}), then the storefront's
 * {@code POST /api/payments/confirm}; Stripe's webhook arrives as well. Each payment is stamped the moment Stripe
 * answered {@code succeeded}: that is when the customer has paid, whatever the service then takes to hear of it.
 */
final class PayingCustomers {

    private final Deployment deployment;
    private final List<UUID> products;
    private final String prefix;
    private final Browser browser;
    private final AtomicInteger next = new AtomicInteger();

    /** One paid order: its ids, when Stripe answered {@code succeeded}, and how late its checkout began. */
    record Paid(String orderId, String paymentIntentId, long paidAtNanos, long lateNanos) {
    }

    /** What a batch of customers did: the orders paid, the flows that failed (and the first failure), the time taken. */
    record Batch(List<Paid> paid, int failed, String firstFailure, double seconds) {

        double maxLateMillis() {
            return paid.stream().mapToLong(Paid::lateNanos).max().orElse(0) / 1e6;
        }
    }

    /** Customers of {@code deployment} buying one of {@code products} each; checkout ids begin with {@code prefix}. */
    PayingCustomers(Deployment deployment, List<UUID> products, String prefix) {
        this.deployment = deployment;
        this.products = products;
        this.prefix = prefix;
        this.browser = new Browser(deployment.stripe.baseUrl(), deployment.stripe.publishableKey());
    }

    /**
     * Pays for {@code orders} orders, the {@code i}-th checkout beginning {@code i / perSecond} s after the start (open
     * loop; one begun late is counted in {@code lateNanos}, not skipped), with at most {@code customers} at once.
     * {@code perSecond} infinite: each customer starts the next checkout as soon as the last is done (closed loop).
     */
    Batch pay(int orders, double perSecond, int customers) throws InterruptedException {
        List<Paid> paid = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger index = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < customers; t++) {
            Thread thread = new Thread(() -> {
                for (int i = index.getAndIncrement(); i < orders; i = index.getAndIncrement()) {
                    long due = Double.isInfinite(perSecond) ? System.nanoTime() : start + (long) (i * 1e9 / perSecond);
                    long wait;
                    while ((wait = due - System.nanoTime()) > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    long late = System.nanoTime() - due;
                    try {
                        paid.add(payOne(late));
                    } catch (RuntimeException e) {
                        failed.incrementAndGet();
                        firstFailure.compareAndSet(null, e.toString());
                    }
                }
            }, prefix + "customer-" + t);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return new Batch(List.copyOf(paid), failed.get(), firstFailure.get(), (System.nanoTime() - start) / 1e9);
    }

    private Paid payOne(long lateNanos) {
        int k = next.getAndIncrement();
        Storefront.Checkout checkout = deployment.storefront.createCheckout(prefix + String.format("%08d", k),
                products.get(k % products.size()));
        String status = browser.pay(checkout.paymentIntentId(), checkout.clientSecret());
        long paidAt = System.nanoTime();
        if (!"succeeded".equals(status)) {
            throw new IllegalStateException("payment of " + checkout.paymentIntentId() + " ended " + status);
        }
        deployment.storefront.confirm(checkout.paymentIntentId());
        return new Paid(checkout.orderId(), checkout.paymentIntentId(), paidAt, lateNanos);
    }
}
