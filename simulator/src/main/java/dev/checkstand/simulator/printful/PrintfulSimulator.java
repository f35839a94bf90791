package dev.checkstand.simulator.printful;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpHandler;
import dev.checkstand.simulator.ControlApi;
import dev.checkstand.simulator.Simulators;
import dev.checkstand.simulator.WebhookDelivery;
import dev.checkstand.simulator.api.Json;
import dev.checkstand.simulator.clock.SimClock;
import dev.checkstand.simulator.clock.Timeline;
import dev.checkstand.simulator.http.ApiServer;
import dev.checkstand.simulator.http.CallCounts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local stand-in for Printful's v1 Orders API (the store's orders, sync variants, shipping rates and webhook configuration), with
 * control calls that ship, fail, hold and release orders as Printful's staff would, v1 webhooks retried on Printful's
 * schedule in simulated time, and fault injection. No Spring; JSON over the JDK's HTTP server.
 */
public final class PrintfulSimulator implements AutoCloseable {

  /** The default port: the service starts its own simulator here when {@code PRINTFUL_TOKEN} is unset. */
  public static final int DEFAULT_PORT = 12112;
  /** The token accepted unless the builder names another. */
  public static final String DEFAULT_TOKEN = "pf_simulator_token";
  /** The store id accepted in {@code X-PF-Store-Id} unless the builder names another. */
  public static final long DEFAULT_STORE_ID = 10_000_001L;

  /** Sync variant ids seeded for the demo catalog's SKUs ({@code GET /store/variants/{id}}, or {@code @SKU}). */
  public static final long MUG_CLASSIC = 300100001L;
  public static final long TEE_ORGANIC_M = 300100002L;
  public static final long POSTER_A2 = 300100003L;
  public static final long TOTE_CANVAS = 300100004L;
  public static final long STICKER_PACK = 300100005L;
  public static final long HOODIE_LTD = 300100006L;

  private static final Logger log = LoggerFactory.getLogger(PrintfulSimulator.class);
  private static final Duration CLOCK_TICK = Duration.ofMillis(250);
  private static final int DEFAULT_PAGE = 20;
  private static final int MAX_PAGE = 100;

  /**
   * An order as the simulator holds it: Printful id, external id, status, how many packages it shipped, the shipping
   * method it names ({@code STANDARD} when the create named none) and its retail costs as sent (null when none were).
   */
  public record OrderSummary(long id, String externalId, String status, int shipments, String shipping,
      RetailCosts retailCosts) {}

  /** An order's {@code retail_costs} as the create sent them: decimal strings, null where a field was not sent. */
  public record RetailCosts(String currency, String subtotal, String discount, String shipping, String tax,
      String vat, String total) {}

  /** One package for {@link #ship}: carrier, service, tracking; {@code items} null or empty for everything left. */
  public record Package(String carrier, String service, String trackingNumber, String trackingUrl,
      List<PackageItem> items) {

    public Package {
      Objects.requireNonNull(trackingNumber, "trackingNumber");
      items = items == null ? List.of() : List.copyOf(items);
    }

    /** A package of everything not yet shipped (everything again, as a reshipment, once all shipped). */
    public static Package of(String carrier, String service, String trackingNumber, String trackingUrl) {
      return new Package(carrier, service, trackingNumber, trackingUrl, List.of());
    }
  }

  /** An item of a package: the order item's Printful id or its {@code external_id}, and a quantity (null: all left). */
  public record PackageItem(Long itemId, String externalId, Integer quantity) {

    /** The item with this {@code external_id} (as the service sent it), {@code quantity} of it. */
    public static PackageItem byExternalId(String externalId, int quantity) {
      return new PackageItem(null, externalId, quantity);
    }
  }

  private final String token;
  private final long storeId;
  private final PrintfulFaults faults;
  private final SimClock clock;
  private final Timeline timeline;
  private final CallCounts counts = new CallCounts();
  private final SyncVariants variants = new SyncVariants();
  private final Orders orders;
  private final ShippingRates rates;
  private final PrintfulWebhooks webhooks;
  private final PrintfulApi api;
  private final ApiServer server;

  private PrintfulSimulator(Builder builder) {
    this.token = builder.token;
    this.storeId = builder.storeId;
    this.faults = builder.faults;
    this.clock = SimClock.over(builder.clock);
    this.timeline = new Timeline(clock, CLOCK_TICK);
    this.orders = new Orders(storeId, clock, variants, faults);
    this.rates = new ShippingRates(clock, variants);
    this.webhooks = new PrintfulWebhooks(storeId, builder.webhookUrl, clock, timeline, builder.retryDelays,
        faults.delivery());
    this.api = new PrintfulApi(token, storeId, faults, counts);
    routes();
    try {
      this.server = ApiServer.start("Printful simulator", "printful-sim-http", builder.port,
          Map.<String, HttpHandler>of("/", api, "/_sim/", new ControlApi(PrintfulControlRoutes.of(this))));
    } catch (RuntimeException e) {
      closeParts();
      throw e;
    }
  }

  /** A builder with the defaults: port 12112, {@link #DEFAULT_TOKEN}, {@link #DEFAULT_STORE_ID}, no webhook URL. */
  public static Builder builder() {
    return new Builder();
  }

  /** The port the simulator listens on. */
  public int port() {
    return server.port();
  }

  /** The API base URL, e.g. {@code http://localhost:12112} (Printful's is {@code https://api.printful.com}). */
  public String baseUrl() {
    return "http://localhost:" + port();
  }

  /** The only token accepted in {@code Authorization: Bearer}. */
  public String token() {
    return token;
  }

  /** The only store id accepted in {@code X-PF-Store-Id}; webhooks carry it as {@code store}. */
  public long storeId() {
    return storeId;
  }

  /** The fault switches and their counts, live. */
  public PrintfulFaults faults() {
    return faults;
  }

  /** The webhook URL configured (by the builder, {@code POST /webhooks} or {@link #setWebhookUrl}), or null. */
  public String webhookUrl() {
    return webhooks.config().url();
  }

  /** The webhook types configured. */
  public List<String> webhookTypes() {
    return webhooks.config().types();
  }

  /** Sends every type the simulator sends to {@code url}; null removes the configuration. */
  public void setWebhookUrl(String url) {
    javaCall(() -> {
      webhooks.setUrl(url);
      return null;
    });
  }

  /** Every webhook attempt so far, in the order they finished; {@code endpointId} is the URL. */
  public List<WebhookDelivery> deliveries() {
    return webhooks.deliveries();
  }

  /** Calls per endpoint, e.g. {@code "POST /orders" -> 3}, refusals included. */
  public Map<String, Long> apiCallCounts() {
    return counts.snapshot();
  }

  /** The simulated time. */
  public Instant now() {
    return clock.instant();
  }

  /** Moves the simulated clock forward and runs what became due (webhook retries). */
  public void advanceClock(Duration by) {
    clock.advance(by);
    timeline.runDue();
  }

  /** Every order, oldest first. */
  public List<OrderSummary> orders() {
    return orders.summaries();
  }

  /** An order as {@code GET /orders/{ref}} answers it ({@code ref}: Printful id or {@code @external_id}), as JSON text. */
  public String orderJson(String ref) {
    return Json.write(javaCall(() -> orders.get(ref)));
  }

  /** An order's status. */
  public String status(String ref) {
    return javaCall(() -> orders.get(ref)).get("status").getAsString();
  }

  /**
   * Ships one package of a pending, in-process, partial or fulfilled order and sends {@code package_shipped}.
   * The same tracking number again reports the same package again (nothing changes); a new package after
   * everything shipped is a reshipment. Returns the shipment's id.
   */
  public long ship(String ref, Package pkg) {
    List<Orders.ShipItem> items = new ArrayList<>();
    for (PackageItem item : pkg.items()) {
      items.add(new Orders.ShipItem(item.itemId(), item.externalId(), item.quantity()));
    }
    Orders.Shipped shipped = javaCall(() -> orders.ship(ref, pkg.carrier(), pkg.service(),
        pkg.trackingNumber(), pkg.trackingUrl(), items));
    JsonObject data = new JsonObject();
    data.add("shipment", shipped.shipment());
    data.add("order", shipped.order());
    webhooks.send("package_shipped", data);
    return shipped.shipment().get("id").getAsLong();
  }

  /** A submitted order fails ({@code order_failed} with the reason). */
  public void fail(String ref, String reason) {
    JsonObject order = javaCall(() -> orders.fail(ref));
    webhooks.send("order_failed", reasonAndOrder(reason == null ? "Order failed" : reason, order));
  }

  /** A submitted order goes on hold ({@code order_put_hold} with the reason). */
  public void hold(String ref, String reason) {
    JsonObject order = javaCall(() -> orders.hold(ref));
    webhooks.send("order_put_hold", reasonAndOrder(reason == null ? "Order put on hold" : reason, order));
  }

  /** An order on hold goes back to where it was ({@code order_remove_hold}). */
  public void release(String ref, String reason) {
    JsonObject order = javaCall(() -> orders.release(ref));
    webhooks.send("order_remove_hold", reasonAndOrder(reason == null ? "Hold removed" : reason, order));
  }

  /** A pending order goes into production ({@code inprocess}, {@code order_updated}); it can no longer be canceled. */
  public void startProduction(String ref) {
    JsonObject order = javaCall(() -> orders.startProduction(ref));
    JsonObject data = new JsonObject();
    data.add("order", order);
    webhooks.send("order_updated", data);
  }

  /** Forgets orders, deliveries (and due retries), call counts, rate-limit buckets and fault counts; puts the webhook configuration back to the builder's. Keeps the fault switches and the clock. */
  public void reset() {
    orders.reset();
    webhooks.reset();
    timeline.reset();
    counts.reset();
    api.reset();
    faults.resetCounts();
  }

  /** Stops the server, the clock and webhook delivery. */
  @Override
  public void close() {
    server.close();
    closeParts();
  }

  /**
   * Runs standalone: {@code --port 12112 --token T --store-id N --webhook-url URL}; {@code --help} prints the usage
   * and exits 0, a mistake exits 2 with the usage on stderr.
   */
  public static void main(String[] args) {
    PrintfulCommandLine.run(args, System.out, System.err, builder -> {
      PrintfulSimulator simulator = builder.start();
      Runtime.getRuntime().addShutdownHook(new Thread(simulator::close, "printful-sim-shutdown"));
      log.info("Printful simulator listening on {} (token {}, store {}), webhook URL {}, control API at {}/_sim/",
          simulator.baseUrl(), simulator.token(), simulator.storeId(), simulator.webhookUrl(),
          simulator.baseUrl());
    }).ifPresent(System::exit);
  }

  PrintfulWebhooks webhooks() {
    return webhooks;
  }

  private void closeParts() {
    api.close();
    webhooks.close();
    timeline.close();
  }

  private static JsonObject reasonAndOrder(String reason, JsonObject order) {
    JsonObject data = new JsonObject();
    data.addProperty("reason", reason);
    data.add("order", order);
    return data;
  }

  private void routes() {
    api.add("POST", "/orders", request -> {
      Orders.Created created = orders.create(request.jsonBody(), request.flag("confirm"),
          request.flag("update_existing"));
      if (created.created()) {
        JsonObject data = new JsonObject();
        data.add("order", created.order());
        webhooks.send("order_created", data);
      }
      return PrintfulApi.Answer.of(created.order());
    });
    api.add("GET", "/orders", request -> {
      int offset = number(request, "offset", 0);
      int limit = Math.min(MAX_PAGE, number(request, "limit", DEFAULT_PAGE));
      if (limit < 1) {
        limit = DEFAULT_PAGE;
      }
      String status = request.query().get("status");
      Orders.Page page = orders.list(status == null || status.isBlank() ? null : status, offset, limit);
      JsonObject paging = new JsonObject();
      paging.addProperty("total", page.total());
      paging.addProperty("offset", offset);
      paging.addProperty("limit", limit);
      return new PrintfulApi.Answer(page.orders(), paging);
    });
    api.add("GET", "/orders/{id}", request -> PrintfulApi.Answer.of(orders.get(request.path().get("id"))));
    api.add("POST", "/orders/{id}/confirm", request ->
        PrintfulApi.Answer.of(orders.confirm(request.path().get("id"))));
    api.add("DELETE", "/orders/{id}", request -> {
      JsonObject order = orders.cancel(request.path().get("id"));
      webhooks.send("order_canceled", reasonAndOrder("Canceled through the API", order));
      return PrintfulApi.Answer.of(order);
    });
    api.add("POST", "/shipping/rates", request -> PrintfulApi.Answer.of(rates.quote(request.jsonBody())));
    api.add("GET", "/store/variants/{id}", request -> PrintfulApi.Answer.of(SyncVariants.json(
        variants.find(request.path().get("id")).orElseThrow(() -> PrintfulError.notFound("Not found")))));
    api.add("GET", "/webhooks", request -> PrintfulApi.Answer.of(webhooks.config().json()));
    api.add("POST", "/webhooks", request -> {
      JsonObject body = request.jsonBody();
      JsonElement url = body.get("url");
      if (url == null || !url.isJsonPrimitive()) {
        throw PrintfulError.badRequest("url is required.");
      }
      List<String> types = new ArrayList<>();
      JsonElement given = body.get("types");
      if (given == null || !given.isJsonArray() || given.getAsJsonArray().isEmpty()) {
        throw PrintfulError.badRequest("types is required: a list of webhook types.");
      }
      for (JsonElement type : given.getAsJsonArray()) {
        if (!type.isJsonPrimitive()) {
          throw PrintfulError.badRequest("types must be a list of strings.");
        }
        types.add(type.getAsString());
      }
      JsonElement params = body.get("params");
      return PrintfulApi.Answer.of(webhooks.configure(url.getAsString(), types,
          params != null && params.isJsonObject() ? params.getAsJsonObject() : null).json());
    });
    api.add("DELETE", "/webhooks", request -> PrintfulApi.Answer.of(webhooks.disable().json()));
  }

  private static int number(PrintfulApi.Request request, String name, int otherwise) {
    String value = request.query().get(name);
    if (value == null || value.isBlank()) {
      return otherwise;
    }
    try {
      int number = Integer.parseInt(value);
      if (number < 0) {
        throw PrintfulError.badRequest(name + " must not be negative.");
      }
      return number;
    } catch (NumberFormatException e) {
      throw PrintfulError.badRequest(name + " must be a whole number.");
    }
  }

  /** Runs a Java API call: an unknown order throws NoSuchElementException, a Printful refusal IllegalArgumentException. */
  private static <T> T javaCall(Supplier<T> call) {
    try {
      return call.get();
    } catch (PrintfulError error) {
      throw Simulators.refused(error.status(), error);
    }
  }

  static JsonArray deliveriesJson(List<WebhookDelivery> deliveries) {
    JsonArray array = new JsonArray();
    for (WebhookDelivery delivery : deliveries) {
      JsonObject json = new JsonObject();
      json.addProperty("id", delivery.eventId());
      json.addProperty("type", delivery.eventType());
      json.addProperty("attempt", delivery.attempt());
      json.addProperty("status", delivery.status());
      json.addProperty("at", delivery.at().toString());
      json.addProperty("url", delivery.endpointId());
      json.addProperty("outcome", delivery.outcome());
      array.add(json);
    }
    return array;
  }

  /** Configures and starts a {@link PrintfulSimulator}. */
  public static final class Builder {

    int port = DEFAULT_PORT;
    String token = DEFAULT_TOKEN;
    long storeId = DEFAULT_STORE_ID;
    String webhookUrl;
    List<Duration> retryDelays = PrintfulWebhooks.PRINTFUL_RETRY_DELAYS;
    Clock clock = Clock.systemUTC();
    PrintfulFaults faults = new PrintfulFaults();

    private Builder() {}

    /** The port to listen on; 0 for any free port. */
    public Builder port(int port) {
      this.port = Simulators.port(port);
      return this;
    }

    /** The only token accepted in {@code Authorization: Bearer}. */
    public Builder token(String token) {
      if (token == null || token.isBlank() || token.chars().anyMatch(Character::isWhitespace)) {
        throw new IllegalArgumentException("token must be a non-blank string without spaces");
      }
      this.token = token;
      return this;
    }

    /** The store id accepted in {@code X-PF-Store-Id}. */
    public Builder storeId(long storeId) {
      if (storeId < 1) {
        throw new IllegalArgumentException("storeId must be positive, was " + storeId);
      }
      this.storeId = storeId;
      return this;
    }

    /** Where webhooks of every type the simulator sends go; null for none (the service may {@code POST /webhooks}). */
    public Builder webhookUrl(String url) {
      if (url != null) {
        try {
          PrintfulWebhooks.requireHttpUrl(url);
        } catch (PrintfulError e) {
          throw new IllegalArgumentException(e.getMessage(), e);
        }
      }
      this.webhookUrl = url;
      return this;
    }

    /** The simulated-time wait before each webhook retry (default Printful's: 1, 4, 16, 64, 256, 1024 minutes). */
    public Builder webhookRetryDelays(List<Duration> delays) {
      this.retryDelays = Simulators.retryDelays(delays);
      return this;
    }

    /** The clock simulated time starts from. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The fault switches; the simulator keeps this instance, so later changes to it apply too. */
    public Builder faults(PrintfulFaults faults) {
      this.faults = Objects.requireNonNull(faults, "faults");
      return this;
    }

    /** Binds the port and starts serving; UncheckedIOException if the port is taken. */
    public PrintfulSimulator start() {
      PrintfulSimulator simulator = new PrintfulSimulator(this);
      log.debug("Printful simulator started on {}", simulator.baseUrl());
      return simulator;
    }
  }
}
