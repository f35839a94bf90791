package dev.checkstand.simulator.printful;

import static dev.checkstand.simulator.printful.BodyFields.optionalLong;
import static dev.checkstand.simulator.printful.BodyFields.optionalString;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import dev.checkstand.simulator.clock.SimClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The store's Printful orders and their lifecycle. One lock guards them all, so {@code external_id} stays unique
 * under concurrent creates. API refusals throw {@link PrintfulError}; control refusals throw
 * {@link NoSuchElementException} (unknown order) or {@link IllegalStateException} / {@link IllegalArgumentException}.
 */
final class Orders {

  static final String DRAFT = "draft";
  static final String PENDING = "pending";
  static final String FAILED = "failed";
  static final String CANCELED = "canceled";
  static final String ONHOLD = "onhold";
  static final String INPROCESS = "inprocess";
  static final String PARTIAL = "partial";
  static final String FULFILLED = "fulfilled";

  private static final Pattern DECIMAL = Pattern.compile("\\d{1,9}(\\.\\d{1,2})?");
  private static final long FIRST_ORDER_ID = 100_000_001L;
  private static final long FIRST_ITEM_ID = 500_000_001L;
  private static final long FIRST_SHIPMENT_ID = 700_000_001L;
  private static final String SHIPPING_COST = "4.99";

  private final long storeId;
  private final SimClock clock;
  private final SyncVariants variants;
  private final PrintfulFaults faults;
  private final Map<Long, Order> byId = new LinkedHashMap<>();
  private final Map<String, Order> byExternalId = new HashMap<>();
  private long nextOrderId = FIRST_ORDER_ID;
  private long nextItemId = FIRST_ITEM_ID;
  private long nextShipmentId = FIRST_SHIPMENT_ID;

  Orders(long storeId, SimClock clock, SyncVariants variants, PrintfulFaults faults) {
    this.storeId = storeId;
    this.clock = clock;
    this.variants = variants;
    this.faults = faults;
  }

  /** What a create did: the order's JSON, and whether it was new (not an update of an existing one). */
  record Created(JsonObject order, boolean created) {}

  /** {@code POST /orders}: creates, or with {@code updateExisting} updates the draft or pending order with the same external_id. */
  synchronized Created create(JsonObject body, boolean confirm, boolean updateExisting) {
    OrderInput input = OrderInput.read(body, variants);
    Order existing = input.externalId == null ? null : byExternalId.get(input.externalId);
    Order order;
    boolean created = existing == null;
    if (existing != null) {
      if (!updateExisting) {
        throw PrintfulError.badRequest("Order with External ID " + input.externalId
            + " already exists. Use update_existing=true to update it.");
      }
      if (!existing.status.equals(DRAFT) && !existing.status.equals(PENDING)) {
        throw PrintfulError.badRequest("Order with External ID " + input.externalId + " is "
            + existing.status + " and can no longer be updated.");
      }
      order = existing;
    } else {
      order = new Order(nextOrderId++, input.externalId, clock.instant());
      byId.put(order.id, order);
      if (input.externalId != null) {
        byExternalId.put(input.externalId, order);
      }
    }
    apply(order, input);
    if (confirm && order.status.equals(DRAFT)) {
      confirm(order);
    }
    return new Created(json(order), created);
  }

  /** {@code GET /orders/{id}}. */
  synchronized JsonObject get(String ref) {
    return json(find(ref));
  }

  /** {@code POST /orders/{id}/confirm}: a draft becomes pending. */
  synchronized JsonObject confirm(String ref) {
    Order order = find(ref);
    if (!order.status.equals(DRAFT)) {
      throw PrintfulError.badRequest("Only draft orders can be confirmed; this order is " + order.status + ".");
    }
    confirm(order);
    return json(order);
  }

  /** {@code DELETE /orders/{id}}: only drafts and pending orders can be canceled. */
  synchronized JsonObject cancel(String ref) {
    Order order = find(ref);
    if (!order.status.equals(DRAFT) && !order.status.equals(PENDING)) {
      throw PrintfulError.badRequest("Only draft and pending orders can be canceled; this order is "
          + order.status + ".");
    }
    order.status = CANCELED;
    order.updated = clock.instant();
    return json(order);
  }

  /** One page of {@code GET /orders}, newest first, with the total that matched. */
  record Page(JsonArray orders, int total) {}

  synchronized Page list(String status, int offset, int limit) {
    List<Order> matching = new ArrayList<>();
    for (Order order : byId.values()) {
      if (status == null || order.status.equals(status)) {
        matching.add(0, order);
      }
    }
    JsonArray page = new JsonArray();
    for (int i = offset; i < Math.min(matching.size(), offset + limit); i++) {
      page.add(json(matching.get(i)));
    }
    return new Page(page, matching.size());
  }

  /** What a shipment did: the shipment and order JSON, and whether the package was new (not reported before). */
  record Shipped(JsonObject shipment, JsonObject order, boolean newPackage) {}

  /** One package: items (default: everything not yet shipped, or everything again once all shipped, a reshipment). */
  synchronized Shipped ship(String ref, String carrier, String service, String trackingNumber,
      String trackingUrl, List<ShipItem> items) {
    Order order = findForControl(ref);
    if (!Set.of(PENDING, INPROCESS, PARTIAL, FULFILLED).contains(order.status)) {
      throw new IllegalStateException("Order " + order.id + " is " + order.status + " and cannot ship.");
    }
    for (Shipment shipment : order.shipments) {
      if (shipment.trackingNumber.equals(trackingNumber)) {
        return new Shipped(shipment.json(), json(order), false);
      }
    }
    boolean reshipment = order.allShipped();
    Map<Long, Integer> quantities = new LinkedHashMap<>();
    if (items == null || items.isEmpty()) {
      for (Item item : order.items) {
        int quantity = reshipment ? item.quantity : item.quantity - order.shipped(item.id);
        if (quantity > 0) {
          quantities.put(item.id, quantity);
        }
      }
    } else {
      for (ShipItem wanted : items) {
        Item item = order.item(wanted);
        int left = reshipment ? item.quantity : item.quantity - order.shipped(item.id);
        int quantity = wanted.quantity() == null ? left : wanted.quantity();
        if (quantity < 1 || quantity + quantities.getOrDefault(item.id, 0) > left) {
          throw new IllegalArgumentException("Item " + item.id + " has " + left
              + " left to ship, not " + quantity);
        }
        quantities.merge(item.id, quantity, Integer::sum);
      }
    }
    Shipment shipment = new Shipment(nextShipmentId++, carrier, service, trackingNumber, trackingUrl,
        clock.instant(), reshipment, quantities);
    order.shipments.add(shipment);
    order.status = order.allShipped() ? FULFILLED : PARTIAL;
    order.updated = clock.instant();
    return new Shipped(shipment.json(), json(order), true);
  }

  /** A submitted order fails (address, print files or charging). */
  synchronized JsonObject fail(String ref) {
    return move(ref, Set.of(PENDING, INPROCESS, ONHOLD), FAILED);
  }

  /** A submitted order is put on hold; release puts it back where it was. */
  synchronized JsonObject hold(String ref) {
    Order order = findForControl(ref);
    String before = order.status;
    JsonObject json = move(ref, Set.of(PENDING, INPROCESS, PARTIAL), ONHOLD);
    order.beforeHold = before;
    return json;
  }

  synchronized JsonObject release(String ref) {
    Order order = findForControl(ref);
    return move(ref, Set.of(ONHOLD), order.beforeHold == null ? PENDING : order.beforeHold);
  }

  /** A pending order goes into production; it can no longer be canceled. */
  synchronized JsonObject startProduction(String ref) {
    return move(ref, Set.of(PENDING), INPROCESS);
  }

  /** Every order: id, external id, status and number of packages, oldest first. */
  synchronized List<PrintfulSimulator.OrderSummary> summaries() {
    List<PrintfulSimulator.OrderSummary> summaries = new ArrayList<>();
    for (Order order : byId.values()) {
      Map<String, String> costs = order.retailCosts;
      summaries.add(new PrintfulSimulator.OrderSummary(order.id, order.externalId, order.status,
          order.shipments.size(), order.shipping, costs == null ? null : new PrintfulSimulator.RetailCosts(
              costs.get("currency"), costs.get("subtotal"), costs.get("discount"), costs.get("shipping"),
              costs.get("tax"), costs.get("vat"), costs.get("total"))));
    }
    return summaries;
  }

  synchronized void reset() {
    byId.clear();
    byExternalId.clear();
  }

  private JsonObject move(String ref, Set<String> from, String to) {
    Order order = findForControl(ref);
    if (!from.contains(order.status)) {
      throw new IllegalStateException("Order " + order.id + " is " + order.status + "; only "
          + from + " orders can become " + to + ".");
    }
    order.status = to;
    order.updated = clock.instant();
    return json(order);
  }

  private void confirm(Order order) {
    Duration sinceChange = Duration.between(order.updated, clock.instant());
    if (faults.costsStillCalculating(sinceChange)) {
      throw PrintfulError.costsCalculating();
    }
    order.status = PENDING;
    order.updated = clock.instant();
  }

  private void apply(Order order, OrderInput input) {
    order.shipping = input.shipping;
    order.recipient = input.recipient;
    order.retailCosts = input.retailCosts;
    order.gift = input.gift;
    order.packingSlip = input.packingSlip;
    order.items.clear();
    for (ItemInput in : input.items) {
      order.items.add(new Item(nextItemId++, in));
    }
    order.updated = clock.instant();
  }

  private Order find(String ref) {
    Order order = lookup(ref);
    if (order == null) {
      throw PrintfulError.notFound("Not found");
    }
    return order;
  }

  private Order findForControl(String ref) {
    Order order = lookup(ref);
    if (order == null) {
      throw new NoSuchElementException("No such Printful order: " + ref);
    }
    return order;
  }

  private Order lookup(String ref) {
    if (ref.startsWith("@")) {
      return byExternalId.get(ref.substring(1));
    }
    try {
      return byId.get(Long.parseLong(ref));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private JsonObject json(Order order) {
    JsonObject json = new JsonObject();
    json.addProperty("id", order.id);
    json.addProperty("external_id", order.externalId);
    json.addProperty("store", storeId);
    json.addProperty("status", order.status);
    json.addProperty("error", (String) null);
    json.addProperty("shipping", order.shipping);
    json.addProperty("shipping_service_name", ShippingRates.name(order.shipping,
        order.recipient.get("country_code").getAsString()));
    json.addProperty("created", order.created.getEpochSecond());
    json.addProperty("updated", order.updated.getEpochSecond());
    json.add("recipient", order.recipient.deepCopy());
    JsonArray items = new JsonArray();
    BigDecimal subtotal = BigDecimal.ZERO;
    BigDecimal retailSubtotal = BigDecimal.ZERO;
    boolean allRetail = true;
    for (Item item : order.items) {
      items.add(item.json());
      subtotal = subtotal.add(new BigDecimal(item.price).multiply(BigDecimal.valueOf(item.quantity)));
      if (item.retailPrice == null) {
        allRetail = false;
      } else {
        retailSubtotal = retailSubtotal.add(new BigDecimal(item.retailPrice)
            .multiply(BigDecimal.valueOf(item.quantity)));
      }
    }
    json.add("items", items);
    json.add("incomplete_items", new JsonArray());
    json.addProperty("is_sample", false);
    json.addProperty("needs_approval", false);
    json.addProperty("not_synced", false);
    json.addProperty("has_discontinued_items", false);
    json.addProperty("can_change_hold", order.status.equals(ONHOLD));
    JsonObject costs = new JsonObject();
    costs.addProperty("currency", "USD");
    costs.addProperty("subtotal", money(subtotal));
    costs.addProperty("discount", "0.00");
    costs.addProperty("shipping", SHIPPING_COST);
    costs.addProperty("digitization", "0.00");
    costs.addProperty("additional_fee", "0.00");
    costs.addProperty("fulfillment_fee", "0.00");
    costs.addProperty("retail_delivery_fee", "0.00");
    costs.addProperty("tax", "0.00");
    costs.addProperty("vat", "0.00");
    costs.addProperty("total", money(subtotal.add(new BigDecimal(SHIPPING_COST))));
    json.add("costs", costs);
    json.add("retail_costs", retailCosts(order.retailCosts, allRetail && !order.items.isEmpty()
        ? retailSubtotal : null));
    json.add("pricing_breakdown", new JsonArray());
    JsonArray shipments = new JsonArray();
    order.shipments.forEach(shipment -> shipments.add(shipment.json()));
    json.add("shipments", shipments);
    json.add("gift", order.gift == null ? JsonNull.INSTANCE : order.gift.deepCopy());
    json.add("packing_slip", order.packingSlip == null ? JsonNull.INSTANCE : order.packingSlip.deepCopy());
    json.addProperty("dashboard_url", "https://www.printful.com/dashboard?order_id=" + order.id);
    return json;
  }

  private static JsonObject retailCosts(Map<String, String> given, BigDecimal itemsSubtotal) {
    JsonObject json = new JsonObject();
    String currency = given == null ? null : given.get("currency");
    String subtotal = given != null && given.get("subtotal") != null ? given.get("subtotal")
        : itemsSubtotal == null ? null : money(itemsSubtotal);
    json.addProperty("currency", currency);
    json.addProperty("subtotal", subtotal);
    BigDecimal total = subtotal == null ? null : new BigDecimal(subtotal);
    for (String field : new String[] {"discount", "shipping", "tax", "vat"}) {
      String value = given == null ? null : given.get(field);
      json.addProperty(field, value);
      if (value != null && total != null) {
        BigDecimal amount = new BigDecimal(value);
        total = field.equals("discount") ? total.subtract(amount) : total.add(amount);
      }
    }
    String explicitTotal = given == null ? null : given.get("total");
    json.addProperty("total", explicitTotal != null ? explicitTotal : total == null ? null : money(total));
    return json;
  }

  private static String money(BigDecimal amount) {
    return amount.setScale(2, java.math.RoundingMode.UNNECESSARY).toPlainString();
  }

  static boolean isDecimal(String value) {
    return value != null && DECIMAL.matcher(value).matches();
  }

  /** Which order item a control call ships: by Printful item id or by the item's external_id, and how many (null: all left). */
  record ShipItem(Long itemId, String externalId, Integer quantity) {}

  private static final class Order {
    final long id;
    final String externalId;
    final Instant created;
    Instant updated;
    String status = DRAFT;
    String beforeHold;
    String shipping;
    JsonObject recipient;
    Map<String, String> retailCosts;
    JsonObject gift;
    JsonObject packingSlip;
    final List<Item> items = new ArrayList<>();
    final List<Shipment> shipments = new ArrayList<>();

    Order(long id, String externalId, Instant created) {
      this.id = id;
      this.externalId = externalId;
      this.created = created;
      this.updated = created;
    }

    int shipped(long itemId) {
      int shipped = 0;
      for (Shipment shipment : shipments) {
        if (!shipment.reshipment) {
          shipped += shipment.items.getOrDefault(itemId, 0);
        }
      }
      return shipped;
    }

    boolean allShipped() {
      for (Item item : items) {
        if (shipped(item.id) < item.quantity) {
          return false;
        }
      }
      return !items.isEmpty();
    }

    Item item(ShipItem wanted) {
      for (Item item : items) {
        if (wanted.itemId() != null && item.id == wanted.itemId()
            || wanted.externalId() != null && wanted.externalId().equals(item.externalId)) {
          return item;
        }
      }
      throw new IllegalArgumentException("Order " + id + " has no item " + (wanted.itemId() != null
          ? wanted.itemId() : wanted.externalId()));
    }
  }

  private static final class Item {
    final long id;
    final String externalId;
    final Long variantId;
    final Long syncVariantId;
    final String externalVariantId;
    final int quantity;
    final String price;
    final String retailPrice;
    final String name;
    final String sku;
    final long productId;

    Item(long id, ItemInput in) {
      this.id = id;
      this.externalId = in.externalId();
      this.variantId = in.variantId();
      this.syncVariantId = in.syncVariantId();
      this.externalVariantId = in.externalVariantId();
      this.quantity = in.quantity();
      this.price = in.price();
      this.retailPrice = in.retailPrice();
      this.name = in.name();
      this.sku = in.sku();
      this.productId = in.productId();
    }

    JsonObject json() {
      JsonObject product = new JsonObject();
      product.addProperty("variant_id", variantId);
      product.addProperty("product_id", productId);
      product.addProperty("image", "https://files.cdn.printful.com/products/" + productId + "/product.jpg");
      product.addProperty("name", name);
      JsonObject json = new JsonObject();
      json.addProperty("id", id);
      json.addProperty("external_id", externalId);
      json.addProperty("variant_id", variantId);
      json.addProperty("sync_variant_id", syncVariantId);
      json.addProperty("external_variant_id", externalVariantId);
      json.addProperty("warehouse_product_variant_id", (Long) null);
      json.addProperty("quantity", quantity);
      json.addProperty("price", price);
      json.addProperty("retail_price", retailPrice);
      json.addProperty("name", name);
      json.add("product", product);
      json.add("files", new JsonArray());
      json.add("options", new JsonArray());
      json.addProperty("sku", sku);
      json.addProperty("discontinued", false);
      json.addProperty("out_of_stock", false);
      return json;
    }
  }

  private record Shipment(long id, String carrier, String service, String trackingNumber,
      String trackingUrl, Instant created, boolean reshipment, Map<Long, Integer> items) {

    JsonObject json() {
      JsonObject json = new JsonObject();
      json.addProperty("id", id);
      json.addProperty("carrier", carrier);
      json.addProperty("service", service);
      json.addProperty("tracking_number", trackingNumber);
      json.addProperty("tracking_url", trackingUrl);
      json.addProperty("created", created.getEpochSecond());
      json.addProperty("ship_date", created.atOffset(ZoneOffset.UTC).toLocalDate().toString());
      json.addProperty("shipped_at", created.getEpochSecond());
      json.addProperty("reshipment", reshipment);
      JsonArray shipped = new JsonArray();
      items.forEach((itemId, quantity) -> {
        JsonObject item = new JsonObject();
        item.addProperty("item_id", itemId);
        item.addProperty("quantity", quantity);
        item.addProperty("picked", quantity);
        item.addProperty("printed", quantity);
        shipped.add(item);
      });
      json.add("items", shipped);
      return json;
    }
  }

  /** One validated item of a create body. */
  record ItemInput(String externalId, Long variantId, Long syncVariantId, String externalVariantId,
      int quantity, String price, String retailPrice, String name, String sku, long productId) {}

  /** A create body, validated as Printful does: recipient and items required, variants must exist. */
  static final class OrderInput {
    String externalId;
    String shipping;
    JsonObject recipient;
    Map<String, String> retailCosts;
    JsonObject gift;
    JsonObject packingSlip;
    final List<ItemInput> items = new ArrayList<>();

    private static final String[] RECIPIENT_FIELDS = {"name", "company", "address1", "address2",
        "city", "state_code", "state_name", "country_code", "country_name", "zip", "phone", "email",
        "tax_number"};
    private static final String[] REQUIRED_RECIPIENT = {"name", "address1", "city", "country_code"};

    static OrderInput read(JsonObject body, SyncVariants variants) {
      OrderInput input = new OrderInput();
      input.externalId = optionalString(body, "external_id", "External ID");
      if (input.externalId != null && input.externalId.isBlank()) {
        throw PrintfulError.badRequest("External ID must not be empty.");
      }
      String shipping = optionalString(body, "shipping", "Shipping");
      input.shipping = shipping == null ? "STANDARD" : shipping;
      if (!ShippingRates.offers(input.shipping)) {
        throw PrintfulError.badRequest("Shipping method " + input.shipping + " is not available; use one of "
            + String.join(", ", ShippingRates.METHODS) + ".");
      }
      input.recipient = recipient(body.get("recipient"));
      input.items.addAll(items(body.get("items"), variants));
      input.retailCosts = retailCosts(body.get("retail_costs"));
      input.gift = optionalObject(body, "gift");
      input.packingSlip = optionalObject(body, "packing_slip");
      return input;
    }

    private static JsonObject recipient(JsonElement element) {
      JsonObject recipient = BodyFields.recipient(element, RECIPIENT_FIELDS);
      for (String field : REQUIRED_RECIPIENT) {
        if (recipient.get(field).isJsonNull() || recipient.get(field).getAsString().isBlank()) {
          throw PrintfulError.badRequest("Recipient: " + field + " is required.");
        }
      }
      return recipient;
    }

    private static List<ItemInput> items(JsonElement element, SyncVariants variants) {
      List<ItemInput> items = new ArrayList<>();
      BodyFields.items(element, (at, item, quantity) -> {
        String retailPrice = optionalString(item, "retail_price", at + "retail_price");
        if (retailPrice != null && !isDecimal(retailPrice)) {
          throw PrintfulError.badRequest(at + "retail_price must be a decimal amount, e.g. \"12.50\".");
        }
        String externalId = optionalString(item, "external_id", at + "external_id");
        String name = optionalString(item, "name", at + "name");
        String sku = optionalString(item, "sku", at + "sku");
        Long syncVariantId = optionalLong(item, "sync_variant_id", at + "sync_variant_id");
        String externalVariantId = optionalString(item, "external_variant_id", at + "external_variant_id");
        Long variantId = optionalLong(item, "variant_id", at + "variant_id");
        SyncVariants.SyncVariant synced = null;
        if (syncVariantId != null) {
          synced = variants.byId(syncVariantId).orElseThrow(() ->
              PrintfulError.badRequest(at + "Sync variant " + syncVariantId + " not found."));
        } else if (externalVariantId != null) {
          synced = variants.byExternalId(externalVariantId).orElseThrow(() ->
              PrintfulError.badRequest(at + "Sync variant with external ID " + externalVariantId + " not found."));
        } else if (variantId == null || variantId < 1) {
          throw PrintfulError.badRequest(at + "a variant_id, sync_variant_id or external_variant_id is required.");
        }
        if (synced != null) {
          items.add(new ItemInput(externalId, synced.variantId(), synced.id(), synced.externalId(),
              quantity, synced.cost(), retailPrice != null ? retailPrice : synced.retailPrice(),
              name != null ? name : synced.name(), sku != null ? sku : synced.externalId(), synced.productId()));
        } else {
          items.add(new ItemInput(externalId, variantId, null, null, quantity, "10.00",
              retailPrice, name != null ? name : "Catalog variant " + variantId, sku, 0));
        }
      });
      return items;
    }

    private static Map<String, String> retailCosts(JsonElement element) {
      if (element == null || element.isJsonNull()) {
        return null;
      }
      if (!element.isJsonObject()) {
        throw PrintfulError.badRequest("Retail costs must be an object.");
      }
      JsonObject given = element.getAsJsonObject();
      Map<String, String> costs = new LinkedHashMap<>();
      String currency = optionalString(given, "currency", "Retail costs: currency");
      if (currency != null && !currency.matches("[A-Za-z]{3}")) {
        throw PrintfulError.badRequest("Retail costs: currency must be a three-letter code.");
      }
      costs.put("currency", currency == null ? null : currency.toUpperCase(java.util.Locale.ROOT));
      for (String field : new String[] {"subtotal", "discount", "shipping", "tax", "vat", "total"}) {
        JsonElement value = given.get(field);
        String text = value == null || value.isJsonNull() ? null : value.isJsonPrimitive()
            ? value.getAsString() : "";
        if (text != null && !isDecimal(text)) {
          throw PrintfulError.badRequest("Retail costs: " + field
              + " must be a decimal amount with at most two decimals, e.g. \"12.50\".");
        }
        costs.put(field, text);
      }
      return costs;
    }

    private static JsonObject optionalObject(JsonObject object, String field) {
      JsonElement value = object.get(field);
      if (value == null || value.isJsonNull()) {
        return null;
      }
      if (!value.isJsonObject()) {
        throw PrintfulError.badRequest(field + " must be an object.");
      }
      return value.getAsJsonObject().deepCopy();
    }
  }
}
