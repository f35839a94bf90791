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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** POSTs signed events to the webhook endpoint, asynchronously, retrying failures on a fixed schedule. */
public final class WebhookDispatcher implements EventDelivery, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final String USER_AGENT = "Stripe/1.0 (+https://stripe.com/docs/webhooks)";

  private final String secret;
  private final List<Duration> retryDelays;
  private final Clock clock;
  private final ScheduledThreadPoolExecutor scheduler;
  private final ExecutorService httpThreads;
  private final HttpClient client;
  private final AtomicLong generation = new AtomicLong();
  private final List<WebhookDelivery> deliveries = new ArrayList<>();
  private volatile URI url;
  private volatile boolean enabled = true;

  /** Signs with {@code secret}; waits {@code retryDelays.get(n - 1)} before retry n; {@code url} may be null. */
  public WebhookDispatcher(String secret, List<Duration> retryDelays, Clock clock, String url) {
    this.secret = secret;
    this.retryDelays = List.copyOf(retryDelays);
    this.clock = clock;
    this.scheduler = new ScheduledThreadPoolExecutor(2, DaemonThreads.named("stripe-sim-webhooks"));
    this.scheduler.setRemoveOnCancelPolicy(true);
    this.httpThreads = Executors.newCachedThreadPool(DaemonThreads.named("stripe-sim-webhook-http"));
    this.client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(TIMEOUT)
        .executor(httpThreads)
        .build();
    setUrl(url);
  }

  /** Sets the endpoint ({@code null} for none); an absolute http(s) URL. */
  public void setUrl(String url) {
    this.url = url == null ? null : endpoint(url);
  }

  /** The endpoint, or null. */
  public String url() {
    URI current = url;
    return current == null ? null : current.toString();
  }

  /** Turns sending on or off; events recorded while off are never sent, and due retries are dropped. */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /** Whether sending is on. */
  public boolean enabled() {
    return enabled;
  }

  @Override
  public int pendingWebhooks(String type) {
    return enabled && url != null ? 1 : 0;
  }

  @Override
  public void deliver(Event event) {
    if (pendingWebhooks(event.type()) == 0) {
      return;
    }
    long current = generation.get();
    schedule(() -> attempt(event, 1, current), Duration.ZERO);
  }

  /** Every attempt made so far, in the order they finished. */
  public List<WebhookDelivery> deliveries() {
    synchronized (deliveries) {
      return List.copyOf(deliveries);
    }
  }

  /** Forgets the attempts made and drops the retries still due. */
  public void reset() {
    generation.incrementAndGet();
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

  private void attempt(Event event, int attempt, long expectedGeneration) {
    URI target = url;
    if (!enabled || target == null || generation.get() != expectedGeneration) {
      return;
    }
    Instant at = clock.instant();
    HttpRequest request = HttpRequest.newBuilder(target)
        .timeout(TIMEOUT)
        .header("Content-Type", "application/json; charset=utf-8")
        .header("User-Agent", USER_AGENT)
        .header("Stripe-Signature", WebhookSigner.header(secret, at.getEpochSecond(), event.payload()))
        .POST(HttpRequest.BodyPublishers.ofString(event.payload(), StandardCharsets.UTF_8))
        .build();
    client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
        .whenComplete((response, failure) -> {
          int status = failure == null ? response.statusCode() : -1;
          if (failure != null) {
            log.debug("Webhook {} attempt {} to {} failed", event.id(), attempt, target, failure);
          }
          finished(event, attempt, status, at, expectedGeneration);
        });
  }

  private void finished(Event event, int attempt, int status, Instant at, long expectedGeneration) {
    if (generation.get() != expectedGeneration) {
      return;
    }
    synchronized (deliveries) {
      deliveries.add(new WebhookDelivery(event.id(), event.type(), attempt, status, at));
    }
    boolean succeeded = status >= 200 && status < 300;
    if (!succeeded && attempt <= retryDelays.size()) {
      schedule(() -> attempt(event, attempt + 1, expectedGeneration), retryDelays.get(attempt - 1));
    }
  }

  private void schedule(Runnable task, Duration delay) {
    try {
      scheduler.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException closed) {
      log.debug("Webhook delivery dropped: the simulator is closed");
    }
  }

  private static URI endpoint(String url) {
    URI uri = URI.create(url);
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
      throw new IllegalArgumentException("Webhook URL must be an absolute http(s) URL: " + url);
    }
    return uri;
  }
}
