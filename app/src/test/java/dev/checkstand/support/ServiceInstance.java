package dev.checkstand.support;

import dev.checkstand.CheckstandApplication;
import dev.checkstand.simulator.StripeSimulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One more running Checkstand in this JVM, on a database and a Stripe simulator shared with others: what several
 * instances of the service look like to each other.
 */
public final class ServiceInstance implements AutoCloseable {

    private final ConfigurableApplicationContext context;
    private final Api api;
    private final int port;

    private ServiceInstance(ConfigurableApplicationContext context) {
        this.context = context;
        this.port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
        this.api = new Api(() -> port, "admin", TestSupport.ADMIN_PASSWORD);
    }

    /**
     * The command-line arguments of an instance on {@code jdbcUrl} and {@code simulator}: the test defaults (fast
     * polling, no rate limit, its own Printful simulator), then {@code extraArguments}, a later key replacing an
     * earlier one.
     */
    public static List<String> arguments(String jdbcUrl, StripeSimulator simulator, String... extraArguments) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.datasource.url=" + jdbcUrl,
                "--spring.datasource.username=postgres",
                "--stripe.secret-key=" + simulator.secretKey(),
                "--stripe.publishable-key=" + simulator.publishableKey(),
                "--stripe.webhook-secret=" + simulator.webhookSecret(),
                "--stripe.api-base=" + simulator.baseUrl(),
                "--checkstand.admin.password=" + TestSupport.ADMIN_PASSWORD,
                "--checkstand.webhooks.poll-interval=300ms",
                "--checkstand.recovery.interval=1s",
                "--db-scheduler.polling-interval=500ms",
                "--stripe.rate-limit=0",
                "--printful.simulator-port=0"));
        java.util.Map<String, String> byKey = new java.util.LinkedHashMap<>();
        for (String arg : args) {
            byKey.put(arg.substring(0, arg.indexOf('=')), arg);
        }
        for (String arg : extraArguments) {
            byKey.put(arg.substring(0, arg.indexOf('=')), arg);
        }
        return new ArrayList<>(byKey.values());
    }

    /** Where this instance receives Stripe's webhooks. */
    public String webhookUrl() {
        return "http://localhost:" + port + "/api/payments/webhook";
    }

    /** Starts an instance on {@code jdbcUrl}, talking to {@code simulator} as to a real Stripe. */
    public static ServiceInstance start(String jdbcUrl, StripeSimulator simulator, String... extraArguments) {
        return start(jdbcUrl, simulator, List.of(), extraArguments);
    }

    /** Starts an instance with extra configuration classes (test-only beans). */
    public static ServiceInstance start(String jdbcUrl, StripeSimulator simulator, List<Class<?>> sources,
            String... extraArguments) {
        List<String> args = arguments(jdbcUrl, simulator, extraArguments);
        List<Class<?>> all = new ArrayList<>(List.of(CheckstandApplication.class));
        all.addAll(sources);
        return new ServiceInstance(new SpringApplicationBuilder(all.toArray(Class<?>[]::new))
                .run(args.toArray(String[]::new)));
    }

    /**
     * The db-scheduler heartbeat tests that kill an instance run with: a job the killed instance was running is handed
     * on once its heartbeat is 5 beats old (looked for every 2 beats) and runs at the next poll (2 s), so within
     * {@link #JOB_TAKEN_OVER} of the kill (23 s with the service's 3 s default).
     */
    public static final Duration TAKEOVER_HEARTBEAT = Duration.ofSeconds(1);

    /** How soon after a kill another instance runs a job the killed one was running, at {@link #TAKEOVER_HEARTBEAT}. */
    public static final Duration JOB_TAKEN_OVER = TAKEOVER_HEARTBEAT.multipliedBy(5 + 2).plusSeconds(2);

    /** The argument that sets {@link #TAKEOVER_HEARTBEAT}. */
    public static String takeoverHeartbeat() {
        return "--db-scheduler.heartbeat-interval=" + TAKEOVER_HEARTBEAT.toMillis() + "ms";
    }

    /** The arguments that make an instance talk to {@code printful} as to the real Printful (several can share it). */
    public static String[] printful(dev.checkstand.simulator.printful.PrintfulSimulator printful, String webhookSecret) {
        return new String[] {"--printful.token=" + printful.token(), "--printful.api-base=" + printful.baseUrl(),
                "--printful.store-id=" + printful.storeId(), "--printful.webhook-secret=" + webhookSecret};
    }

    /** The HTTP port this instance listens on. */
    public int port() {
        return port;
    }

    public Api api() {
        return api;
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    /** Publishes {@code event} in a transaction of this instance, as a module publishes with its change. */
    public void publishInTransaction(Object event) {
        new org.springframework.transaction.support.TransactionTemplate(
                context.getBean(org.springframework.transaction.PlatformTransactionManager.class))
                .executeWithoutResult(status -> context.publishEvent(event));
    }

    @Override
    public void close() {
        context.close();
    }
}
