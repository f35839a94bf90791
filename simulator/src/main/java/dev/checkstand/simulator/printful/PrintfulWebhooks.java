package dev.checkstand.simulator.printful;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.checkstand.simulator.WebhookDelivery;
import dev.checkstand.simulator.api.DaemonThreads;
import dev.checkstand.simulator.api.Json;
import dev.checkstand.simulator.clock.SimClock;
import dev.checkstand.simulator.clock.Timeline;
import dev.checkstand.simulator.webhooks.DeliveryFaults;
import dev.checkstand.simulator.webhooks.HeldAttempts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's webhook configuration ({@code POST/GET/DELETE /webhooks}) and v1 delivery: {@code {type, created,
 * retries, store, data}} POSTed to the URL, retried after Printful's delays in simulated time until answered 200.
 */
final class PrintfulWebhooks implements AutoCloseable {

  /** Printful's v1 retry schedule: 1, 4, 16, 64, 256 and 1024 minutes. */
  static final List<Duration> PRINTFUL_RETRY_DELAYS = List.of(Duration.ofMinutes(1), Duration.ofMinutes(4),
      Duration.ofMinutes(16), Duration.ofMinutes(64), Duration.ofMinutes(256), Duration.ofMinutes(1024));

  /** Every v1 webhook type Printful documents; configurations may name any of them. */
  static final Set<String> KNOWN_TYPES = Set.of("package_shipped", "package_returned", "order_created",
      "order_updated", "order_failed", "order_canceled", "order_put_hold", "order_put_hold_approval",
      "order_remove_hold", "order_refunded", "product_synced", "product_updated", "product_deleted",
      "stock_updated");

  /** The types the simulator sends; a URL given to the builder receives these. */
  static final List<String> SENT_TYPES = List.of("package_shipped", "order_created", "order_updated",
      "order_failed", "order_canceled", "order_put_hold", "order_remove_hold");

  private static final Logger log = LoggerFactory.getLogger(PrintfulWebhooks.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final int MAX_RECORDS = 100_000;
  private static final String USER_AGENT = "Printful Webhook";

  /** The store's webhook configuration; url null when none. */
  record Config(String url, List<String> types, JsonObject params) {

    JsonObject json() {
      JsonObject json = new JsonObject();
      json.addProperty("url", url);
      json.add("types", Json.strings(types));
      json.add("params", params == null ? new JsonArray() : params.deepCopy());
      return json;
    }
  }

  private record Notice(String id, String type, long created, JsonObject data) {}

  private final long storeId;
  private final SimClock clock;
  private final Timeline timeline;
  private final List<Duration> retryDelays;
  private final DeliveryFaults faults;
  private final Config initial;
  private final ScheduledExecutorService realTime =
      Executors.newScheduledThreadPool(2, DaemonThreads.named("printful-sim-webhooks"));
  private final ExecutorService httpThreads =
      Executors.newCachedThreadPool(DaemonThreads.named("printful-sim-webhook-http"));
  private final HttpClient client = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .followRedirects(HttpClient.Redirect.NEVER)
      .connectTimeout(TIMEOUT)
      .executor(httpThreads)
      .build();
  private final AtomicLong ids = new AtomicLong();
  private final AtomicLong generation = new AtomicLong();
  private final Deque<WebhookDelivery> deliveries = new ArrayDeque<>();
  private final HeldAttempts held = new HeldAttempts(this::later);
  private volatile Config config;

  PrintfulWebhooks(long storeId, String url, SimClock clock, Timeline timeline, List<Duration> retryDelays,
      DeliveryFaults faults) {
    this.storeId = storeId;
    this.clock = clock;
    this.timeline = timeline;
    this.retryDelays = List.copyOf(retryDelays);
    this.faults = faults;
    this.initial = new Config(url, url == null ? List.of() : SENT_TYPES, null);
    this.config = initial;
  }

  Config config() {
    return config;
  }

  /** {@code POST /webhooks}: replaces the configuration. */
  Config configure(String url, List<String> types, JsonObject params) {
    requireHttpUrl(url);
    Set<String> unique = new LinkedHashSet<>();
    for (String type : types) {
      if (!KNOWN_TYPES.contains(type)) {
        throw PrintfulError.badRequest("Unknown webhook type " + type + ".");
      }
      unique.add(type);
    }
    config = new Config(url, List.copyOf(unique), params);
    return config;
  }

  /** {@code DELETE /webhooks}: no more webhooks; retries still due are dropped. Answers the removed configuration. */
  Config disable() {
    Config removed = config;
    config = new Config(null, List.of(), null);
    return removed;
  }

  /** Sets the URL (all sent types), or removes the configuration with null. */
  void setUrl(String url) {
    if (url == null) {
      disable();
    } else {
      configure(url, SENT_TYPES, null);
    }
  }

  /** Sends a webhook of {@code type} if the configuration takes it. */
  void send(String type, JsonObject data) {
    Config current = config;
    if (current.url() == null || !current.types().contains(type)) {
      return;
    }
    Notice notice = new Notice("pfwh_" + ids.incrementAndGet(), type, clock.epochSecond(), data);
    long expected = generation.get();
    start(notice, expected);
    if (faults.duplicate()) {
      start(notice, expected);
    }
  }

  List<WebhookDelivery> deliveries() {
    synchronized (deliveries) {
      return List.copyOf(deliveries);
    }
  }

  /** Forgets deliveries, drops due retries and held deliveries, and puts the configuration back to the builder's. */
  void reset() {
    generation.incrementAndGet();
    held.clear();
    synchronized (deliveries) {
      deliveries.clear();
    }
    config = initial;
  }

  @Override
  public void close() {
    generation.incrementAndGet();
    realTime.shutdownNow();
    httpThreads.shutdownNow();
  }

  static void requireHttpUrl(String url) {
    URI uri;
    try {
      uri = url == null ? null : URI.create(url);
    } catch (IllegalArgumentException e) {
      uri = null;
    }
    if (uri == null || uri.getHost() == null
        || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
      throw PrintfulError.badRequest("Webhook URL must be an http or https URL, was " + url + ".");
    }
  }

  private void start(Notice notice, long expected) {
    Supplier<CompletableFuture<Void>> first = () -> attempt(notice, 1, expected);
    if (faults.reorder()) {
      held.hold(first);
    } else {
      later(first, faults.delay());
    }
  }

  private CompletableFuture<Void> attempt(Notice notice, int attempt, long expected) {
    Config current = config;
    if (generation.get() != expected || current.url() == null || !current.types().contains(notice.type())) {
      return CompletableFuture.completedFuture(null);
    }
    Instant at = clock.instant();
    if (faults.drop()) {
      finished(notice, current.url(), attempt, -1, WebhookDelivery.DROPPED, at, expected);
      return CompletableFuture.completedFuture(null);
    }
    JsonObject payload = new JsonObject();
    payload.addProperty("type", notice.type());
    payload.addProperty("created", notice.created());
    payload.addProperty("retries", attempt - 1);
    payload.addProperty("store", storeId);
    payload.add("data", notice.data());
    HttpRequest request;
    try {
      request = HttpRequest.newBuilder(URI.create(current.url()))
          .timeout(TIMEOUT)
          .header("Content-Type", "application/json")
          .header("User-Agent", USER_AGENT)
          .POST(HttpRequest.BodyPublishers.ofString(Json.write(payload), StandardCharsets.UTF_8))
          .build();
    } catch (IllegalArgumentException e) {
      finished(notice, current.url(), attempt, -1, WebhookDelivery.NETWORK_ERROR, at, expected);
      return CompletableFuture.completedFuture(null);
    }
    return client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
        .handle((response, failure) -> {
          int status = failure == null ? response.statusCode() : -1;
          if (failure != null) {
            log.debug("Printful webhook {} attempt {} failed", notice.type(), attempt, failure);
          }
          String outcome = status == 200 ? WebhookDelivery.DELIVERED
              : status < 0 ? WebhookDelivery.NETWORK_ERROR : WebhookDelivery.HTTP_ERROR;
          finished(notice, current.url(), attempt, status, outcome, at, expected);
          return null;
        });
  }

  private void finished(Notice notice, String url, int attempt, int status, String outcome, Instant at,
      long expected) {
    if (generation.get() != expected) {
      return;
    }
    synchronized (deliveries) {
      deliveries.addLast(new WebhookDelivery(notice.id(), notice.type(), attempt, status, at, url, outcome));
      if (deliveries.size() > MAX_RECORDS) {
        deliveries.removeFirst();
      }
    }
    // Printful wants exactly 200; anything else is retried on its schedule, in simulated time.
    if (status != 200 && attempt <= retryDelays.size()) {
      Instant due = clock.instant().plus(retryDelays.get(attempt - 1));
      timeline.at(due, () -> later(() -> attempt(notice, attempt + 1, expected), faults.delay()),
          () -> generation.get() == expected);
    }
  }

  private void later(Supplier<CompletableFuture<Void>> task, Duration delay) {
    try {
      realTime.schedule(task::get, delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException closed) {
      log.debug("Printful webhook dropped: the simulator is closed");
    }
  }
}
