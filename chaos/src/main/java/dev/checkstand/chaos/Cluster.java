package dev.checkstand.chaos;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

/** Every process of the run: PostgreSQL, the two simulators, the service instances, and the webhook forwarder. */
final class Cluster implements AutoCloseable {

    static final String SECRET_KEY = "sk_test_chaos_" + "0123456789abcdef";
    static final String PUBLISHABLE_KEY = "pk_test_chaos_" + "0123456789abcdef";
    static final String WEBHOOK_SECRET = "whsec_chaos0123456789abcdef";
    static final String PRINTFUL_TOKEN = "pf_chaos_token";
    static final String PRINTFUL_WEBHOOK_SECRET = "pfhook" + "0123456789abcdef";
    static final long STORE_ID = 10_000_001L;

    /** One service instance: a slot with a fixed port, whose JVM is killed and started again. */
    final class Instance {
        final int slot;
        final int port;
        volatile Process process;
        volatile boolean live;
        volatile int starts;

        Instance(int slot) {
            this.slot = slot;
            this.port = Processes.freePort();
        }

        String baseUrl() {
            return "http://localhost:" + port;
        }

        /** Starts the JVM and waits until it is healthy; then it takes traffic. */
        void start() {
            List<String> command = new ArrayList<>(List.of(java(), "-Xmx320m", "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1", "-Xss512k"));
            command.addAll(SERVICE_PROPERTIES);
            if (config.onFulfillment()) {
                command.addAll(CAPTURE_PROPERTIES);
            }
            command.addAll(List.of("-jar", config.appJar().toString()));
            Map<String, String> env = new HashMap<>();
            env.put("SPRING_DATASOURCE_URL", database.jdbcUrl());
            env.put("SPRING_DATASOURCE_USERNAME", "postgres");
            env.put("SPRING_DATASOURCE_PASSWORD", "");
            env.put("STRIPE_SECRET_KEY", SECRET_KEY);
            env.put("STRIPE_PUBLISHABLE_KEY", PUBLISHABLE_KEY);
            env.put("STRIPE_WEBHOOK_SECRET", WEBHOOK_SECRET);
            env.put("STRIPE_API_BASE", stripeUrl);
            env.put("PRINTFUL_TOKEN", PRINTFUL_TOKEN);
            env.put("PRINTFUL_API_BASE", printfulUrl);
            env.put("PRINTFUL_STORE_ID", Long.toString(STORE_ID));
            env.put("PRINTFUL_WEBHOOK_SECRET", PRINTFUL_WEBHOOK_SECRET);
            env.put("CHECKSTAND_PRINTFUL_CALLS_PER_MINUTE", "0");
            env.put("CHECKSTAND_STRIPE_RATE_LIMIT", "0");
            env.put("CHECKSTAND_RESERVATION_HOLD", config.hold().toSeconds() + "s");
            env.put("CHECKSTAND_CAPTURE", config.capture().wire());
            if (config.onFulfillment()) {
                env.put("CHECKSTAND_CAPTURE_EXPIRY_MARGIN", LAPSE_MARGIN.toSeconds() + "s");
            }
            env.put("CHECKSTAND_ADMIN_PASSWORD", adminPassword);
            env.put("CHECKSTAND_SCHEDULER_NAME", "chaos-" + slot + "-" + (++starts));
            env.put("SERVER_PORT", Integer.toString(port));
            env.put("CHECKSTAND_PUBLIC_URL", baseUrl());
            Path log = config.workDir().resolve("logs/instance-" + slot + ".log");
            process = Processes.start(command, env, log);
            Processes.awaitAnswer(process, baseUrl() + "/actuator/health", false, Duration.ofMinutes(3), log);
            live = true;
        }

        /** kill -9, no warning: the instance stops taking traffic the moment it is killed. */
        void kill() {
            live = false;
            Process p = process;
            if (p != null) {
                p.destroyForcibly();
                try {
                    p.waitFor();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /**
     * Background jobs at a pace a run of minutes can see: the catch-up with Stripe's events and the stale-order sync
     * every 20 s, expiry every 5 s, fulfillment retries from 2 s, the audit every 30 s.
     */
    static final List<String> SERVICE_PROPERTIES = List.of(
            "-Dcheckstand.expiry.interval=5s",
            "-Dcheckstand.reconciliation.catch-up-interval=20s",
            "-Dcheckstand.reconciliation.stale-sync-interval=20s",
            "-Dcheckstand.reconciliation.stale-after=1m",
            "-Dcheckstand.reconciliation.audit-interval=30s",
            "-Dcheckstand.fulfillment.retry-base=2s",
            "-Dcheckstand.fulfillment.retry-max=20s",
            "-Dcheckstand.fulfillment.poll-interval=2s");

    /**
     * With capture on fulfillment, an authorization's life at a pace a run of minutes can see: it lapses (by the
     * service's count: the simulator lets no authorization lapse) {@link #AUTHORIZATION_VALIDITY} after it was given,
     * and {@link #LAPSE_MARGIN} before that the service captures it (fulfillment in production) or releases it — so
     * an authorization whose Printful order is left pending is released about 90 s after it was given. The margin
     * leaves the review job (every 5 s, a decision not seen through taken up again after a minute) four tries.
     */
    static final Duration AUTHORIZATION_VALIDITY = Duration.ofMinutes(6);
    static final Duration LAPSE_MARGIN = Duration.ofSeconds(270);

    /**
     * The capture settings above, and open Printful orders re-read when not heard of for 30 s (not 30 min), so a
     * dropped {@code order_updated} does not leave the service thinking an order in production is still pending when
     * its authorization comes up for review.
     */
    static final List<String> CAPTURE_PROPERTIES = List.of(
            "-Dcheckstand.capture.validity=" + AUTHORIZATION_VALIDITY.toSeconds() + "s",
            "-Dcheckstand.capture.interval=5s",
            "-Dcheckstand.fulfillment.sync-after=30s");

    final ChaosConfig config;
    final Database database;
    final String adminPassword = "chaos-" + UUID.randomUUID();
    final List<Instance> instances = new ArrayList<>();
    final Forwarder forwarder;
    private final Process stripe;
    private final Process printful;
    final String stripeUrl;
    final String printfulUrl;

    Cluster(ChaosConfig config, Stats stats, java.util.function.Consumer<String> log) throws IOException {
        this.config = config;
        this.database = Database.start(config.workDir());
        log.accept("PostgreSQL started: " + database.jdbcUrl());
        this.forwarder = new Forwarder(this::liveUrls, stats);
        int stripePort = Processes.freePort();
        stripeUrl = "http://localhost:" + stripePort;
        Path stripeLog = config.workDir().resolve("logs/stripe-simulator.log");
        stripe = Processes.start(List.of(java(), "-Xmx384m", "-XX:+UseSerialGC", "-jar", config.simulatorJar().toString(),
                "--port", Integer.toString(stripePort), "--webhook-url", forwarder.baseUrl() + "/api/payments/webhook",
                "--webhook-secret", WEBHOOK_SECRET, "--secret-key", SECRET_KEY, "--publishable-key", PUBLISHABLE_KEY,
                "--store-capacity", "1000000", "--rate-limit", "off"), Map.of(), stripeLog);
        int printfulPort = Processes.freePort();
        printfulUrl = "http://localhost:" + printfulPort;
        Path printfulLog = config.workDir().resolve("logs/printful-simulator.log");
        printful = Processes.start(List.of(java(), "-Xmx256m", "-XX:+UseSerialGC", "-cp", config.simulatorJar().toString(),
                "dev.checkstand.simulator.printful.PrintfulSimulator", "--port", Integer.toString(printfulPort),
                "--token", PRINTFUL_TOKEN, "--store-id", Long.toString(STORE_ID), "--rate-limit", "off",
                "--webhook-url", forwarder.baseUrl() + "/api/printful/webhook/" + PRINTFUL_WEBHOOK_SECRET), Map.of(),
                printfulLog);
        Processes.awaitAnswer(stripe, stripeUrl + "/_sim/clock", false, Duration.ofMinutes(1), stripeLog);
        Processes.awaitAnswer(printful, printfulUrl + "/_sim/clock", false, Duration.ofMinutes(1), printfulLog);
        log.accept("simulators started: Stripe " + stripeUrl + ", Printful " + printfulUrl + "; forwarder "
                + forwarder.baseUrl());
        for (int i = 0; i < config.instances(); i++) {
            instances.add(new Instance(i + 1));
        }
        // The first instance alone migrates the schema; the others then start together.
        long begun = System.nanoTime();
        instances.get(0).start();
        ExecutorService starter = Executors.newFixedThreadPool(Math.max(1, instances.size() - 1));
        try {
            List<Future<?>> started = new ArrayList<>();
            for (Instance instance : instances.subList(1, instances.size())) {
                started.add(starter.submit(instance::start));
            }
            for (Future<?> f : started) {
                f.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("An instance did not start", e);
        } finally {
            starter.shutdown();
        }
        log.accept(instances.size() + " instances healthy in " + (System.nanoTime() - begun) / 1_000_000 + " ms");
    }

    List<String> liveUrls() {
        List<String> urls = new ArrayList<>();
        for (Instance i : instances) {
            if (i.live) {
                urls.add(i.baseUrl());
            }
        }
        return urls;
    }

    /** A random live instance's base URL; the first instance's when none is live (the call then fails and is counted). */
    String anyLive() {
        List<String> live = liveUrls();
        return live.isEmpty() ? instances.get(0).baseUrl() : live.get(ThreadLocalRandom.current().nextInt(live.size()));
    }

    String admin() {
        return Http.basic("admin", adminPassword);
    }

    static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    @Override
    public void close() {
        forwarder.close();
        for (Instance i : instances) {
            i.live = false;
            Processes.stop(i.process, Duration.ofSeconds(10));
        }
        Processes.stop(stripe, Duration.ofSeconds(5));
        Processes.stop(printful, Duration.ofSeconds(5));
        database.close();
    }
}
