package dev.checkstand.simulator.webhooks;

import dev.checkstand.simulator.WebhookDelivery;
import dev.checkstand.simulator.api.DaemonThreads;
import dev.checkstand.simulator.events.Event;
import dev.checkstand.simulator.events.EventDelivery;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** POSTs signed events to every endpoint that takes them, asynchronously, retrying failures on a schedule, with the delivery faults applied. */
public final class WebhookDispatcher implements EventDelivery, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final int MAX_RECORDS = 100_000;
  private static final String USER_AGENT = "Stripe/1.0 (+https://stripe.com/docs/webhooks)";

  private final WebhookEndpoints endpoints;
  private final List<Duration> retryDelays;
  private final Clock clock;
  private final DeliveryFaults faults;
  private final ScheduledThreadPoolExecutor scheduler;
  private final ExecutorService httpThreads;
  private final HttpClient client;
  private final AtomicLong generation = new AtomicLong();
  private final Deque<WebhookDelivery> deliveries = new ArrayDeque<>();
  private final HeldAttempts held = new HeldAttempts(this::schedule);
  private volatile boolean enabled = true;
  private volatile boolean v0Signature;

  /** Sends to {@code endpoints}; waits {@code retryDelays.get(n - 1)} (plus any delay fault) before retry n. */
  public WebhookDispatcher(WebhookEndpoints endpoints, List<Duration> retryDelays, Clock clock,
      DeliveryFaults faults) {
    this.endpoints = endpoints;
    this.retryDelays = List.copyOf(retryDelays);
    this.clock = clock;
    this.faults = faults;
    this.scheduler = new ScheduledThreadPoolExecutor(2, DaemonThreads.named("stripe-sim-webhooks"));
    this.scheduler.setRemoveOnCancelPolicy(true);
    this.httpThreads = Executors.newCachedThreadPool(DaemonThreads.named("stripe-sim-webhook-http"));
    this.client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(TIMEOUT)
        .executor(httpThreads)
        .build();
  }

  /** Turns sending on or off; events recorded while off are never sent, and due retries are dropped. */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /** Whether sending is on. */
  public boolean enabled() {
    return enabled;
  }

  /** Adds a test-mode {@code v0} signature to every delivery, as Stripe does for test events. */
  public void setV0Signature(boolean on) {
    this.v0Signature = on;
  }

  /** Whether deliveries carry a {@code v0} signature. */
  public boolean v0Signature() {
    return v0Signature;
  }

  @Override
  public int pendingWebhooks(String type, String account) {
    return enabled ? endpoints.accepting(type, account).size() : 0;
  }

  @Override
  public void deliver(Event event) {
    if (!enabled) {
      return;
    }
    long current = generation.get();
    for (WebhookEndpoint endpoint : endpoints.accepting(event.type(), event.account())) {
      start(event, endpoint, current);
      if (faults.duplicate()) {
        start(event, endpoint, current);
      }
    }
  }

  /** Every attempt made so far (the newest 100,000), in the order they finished. */
  public List<WebhookDelivery> deliveries() {
    synchronized (deliveries) {
      return List.copyOf(deliveries);
    }
  }

  /** Forgets the attempts made and drops the retries still due and the deliveries held for reordering. */
  public void reset() {
    generation.incrementAndGet();
    held.clear();
    synchronized (deliveries) {
      deliveries.clear();
    }
  }

  @Override
  public void close() {
    generation.incrementAndGet();
    scheduler.shutdownNow();
    httpThreads.shutdownNow();
  }

  private void start(Event event, WebhookEndpoint endpoint, long expectedGeneration) {
    Supplier<CompletableFuture<Void>> first = () -> attempt(event, endpoint, 1, expectedGeneration);
    if (faults.reorder()) {
      held.hold(first);
    } else {
      schedule(first, faults.delay());
    }
  }

  private CompletableFuture<Void> attempt(Event event, WebhookEndpoint endpoint, int attempt,
      long expectedGeneration) {
    URI target = endpoint.uri();
    if (!enabled || generation.get() != expectedGeneration || !endpoints.exists(endpoint)
        || !endpoint.accepts(event.type(), event.account())) {
      return CompletableFuture.completedFuture(null);
    }
    Instant at = clock.instant();
    if (faults.drop()) {
      finished(event, endpoint, attempt, -1, WebhookDelivery.DROPPED, at, expectedGeneration);
      return CompletableFuture.completedFuture(null);
    }
    String signature = WebhookSigner.header(endpoint.signingSecrets(), at.getEpochSecond(),
        event.payload(), v0Signature);
    HttpRequest request = HttpRequest.newBuilder(target)
        .timeout(TIMEOUT)
        .header("Content-Type", "application/json; charset=utf-8")
        .header("User-Agent", USER_AGENT)
        .header("Stripe-Signature", signature)
        .POST(HttpRequest.BodyPublishers.ofString(event.payload(), StandardCharsets.UTF_8))
        .build();
    return client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
        .handle((response, failure) -> {
          int status = failure == null ? response.statusCode() : -1;
          if (failure != null) {
            log.debug("Webhook {} attempt {} to {} failed", event.id(), attempt, target, failure);
          }
          finished(event, endpoint, attempt, status, WebhookDelivery.outcomeOf(status), at,
              expectedGeneration);
          return null;
        });
  }

  private void finished(Event event, WebhookEndpoint endpoint, int attempt, int status,
      String outcome, Instant at, long expectedGeneration) {
    if (generation.get() != expectedGeneration) {
      return;
    }
    WebhookDelivery delivery = new WebhookDelivery(event.id(), event.type(), attempt, status, at,
        endpoint.id(), outcome);
    synchronized (deliveries) {
      deliveries.addLast(delivery);
      if (deliveries.size() > MAX_RECORDS) {
        deliveries.removeFirst();
      }
    }
    if (delivery.succeeded()) {
      event.delivered(endpoint.id());
    } else if (attempt <= retryDelays.size()) {
      schedule(() -> attempt(event, endpoint, attempt + 1, expectedGeneration),
          retryDelays.get(attempt - 1).plus(faults.delay()));
    }
  }

  private void schedule(Supplier<CompletableFuture<Void>> task, Duration delay) {
    try {
      scheduler.schedule(task::get, delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException closed) {
      log.debug("Webhook delivery dropped: the simulator is closed");
    }
  }
}
