package dev.checkstand.simulator.checkout;

import dev.checkstand.simulator.api.Amounts;
import dev.checkstand.simulator.api.ApiError;
import dev.checkstand.simulator.api.Ids;
import dev.checkstand.simulator.api.Metadata;
import dev.checkstand.simulator.api.Params;
import dev.checkstand.simulator.payments.CheckoutPayment;
import dev.checkstand.simulator.payments.ConnectTerms;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads and validates the parameters of {@code POST /v1/checkout/sessions} (mode=payment). */
final class CheckoutParams {

  static final Set<String> CREATE = Set.of("mode", "line_items", "success_url", "cancel_url",
      "client_reference_id", "customer_email", "metadata", "payment_intent_data", "expires_at",
      "payment_method_types", "expand", "ui_mode", "locale", "submit_type", "customer_creation",
      "billing_address_collection", "allow_promotion_codes", "phone_number_collection");

  private static final long MIN_EXPIRY = Duration.ofMinutes(30).toSeconds();
  private static final long MAX_EXPIRY = Duration.ofHours(24).toSeconds();
  private static final int MAX_LINE_ITEMS = 100;

  private CheckoutParams() {}

  static NewSession create(Params params, long now) {
    params.allowOnly(CREATE);
    String mode = params.requiredString("mode");
    if (!mode.equals("payment")) {
      params.oneOf("mode", List.of("payment", "setup", "subscription"));
      throw ApiError.invalidRequest("The Stripe simulator supports only mode=payment, not mode="
          + mode + ".", "mode", null);
    }
    params.oneOf("ui_mode", List.of("hosted", "hosted_page"));
    List<LineItem> items = lineItems(params, now);
    String currency = items.get(0).currency();
    long total = 0;
    for (int i = 0; i < items.size(); i++) {
      if (!items.get(i).currency().equals(currency)) {
        throw ApiError.invalidRequest("All line items must use the same currency: line_items[" + i
            + "] is in " + items.get(i).currency() + ", not " + currency + ".",
            "line_items[" + i + "][price_data][currency]", null);
      }
      total += items.get(i).amount();
    }
    Amounts.check(total, currency, "line_items");
    String clientReferenceId = params.string("client_reference_id").filter(s -> !s.isEmpty()).orElse(null);
    if (clientReferenceId != null && clientReferenceId.length() > 200) {
      throw ApiError.invalidRequest("client_reference_id can have at most 200 characters, but you"
          + " passed " + clientReferenceId.length() + ".", "client_reference_id", null);
    }
    return new NewSession(items, currency, total,
        params.string("success_url").filter(s -> !s.isEmpty()).orElse(null),
        params.string("cancel_url").filter(s -> !s.isEmpty()).orElse(null),
        clientReferenceId,
        params.string("customer_email").filter(s -> !s.isEmpty()).orElse(null),
        Metadata.apply(Map.of(), params.raw("metadata")),
        expiresAt(params, now),
        params.string("locale").orElse(null),
        params.oneOf("submit_type", List.of("auto", "book", "donate", "pay", "subscribe")).orElse(null),
        params.strings("payment_method_types").orElse(List.of("card")),
        payment(params, total, currency));
  }

  private static List<LineItem> lineItems(Params params, long now) {
    Object raw = params.raw("line_items");
    if (raw == null) {
      throw ApiError.parameterMissing("line_items");
    }
    if (!(raw instanceof List) || ((List<?>) raw).isEmpty()) {
      throw ApiError.invalidRequest("Invalid array", "line_items", null);
    }
    List<?> list = (List<?>) raw;
    if (list.size() > MAX_LINE_ITEMS) {
      throw ApiError.invalidRequest("line_items can have at most " + MAX_LINE_ITEMS + " items, but"
          + " you passed " + list.size() + ".", "line_items", null);
    }
    List<LineItem> items = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      Params item = Params.of(Map.of("line_items[" + i + "]", list.get(i)))
          .hash("line_items[" + i + "]").orElseThrow();
      items.add(lineItem(item, i, now));
    }
    return items;
  }

  private static LineItem lineItem(Params item, int index, long now) {
    String at = "line_items[" + index + "]";
    item.allowOnly(Set.of("price", "price_data", "quantity"));
    if (item.string("price").isPresent()) {
      throw ApiError.noSuchReference("price", item.string("price").get(), at + "[price]");
    }
    Params price = item.hash("price_data").orElseThrow(() -> ApiError.invalidRequest(
        "You must specify either `price` or `price_data` for each line item.", at, null));
    price.allowOnly(Set.of("currency", "unit_amount", "product_data", "tax_behavior"));
    String currency = Amounts.currency(price.requiredString("currency"));
    long unitAmount = price.requiredInteger("unit_amount");
    if (unitAmount < 0) {
      throw ApiError.invalidRequest("This value must be greater than or equal to 0.",
          at + "[price_data][unit_amount]", null);
    }
    Params product = price.hash("product_data")
        .orElseThrow(() -> ApiError.parameterMissing(at + "[price_data][product_data]"));
    product.allowOnly(Set.of("name", "description", "images", "metadata"));
    String name = product.requiredString("name");
    long quantity = item.requiredInteger("quantity");
    if (quantity < 1) {
      throw ApiError.invalidRequest("This value must be greater than or equal to 1.",
          at + "[quantity]", null);
    }
    return new LineItem(Ids.next("li"), Ids.next("price"), Ids.next("prod"), name, unitAmount,
        quantity, currency, now);
  }

  private static long expiresAt(Params params, long now) {
    long expiresAt = params.integer("expires_at").orElse(now + MAX_EXPIRY);
    if (expiresAt < now + MIN_EXPIRY) {
      throw ApiError.invalidRequest("The `expires_at` timestamp must be at least 30 minutes from"
          + " Checkout Session creation.", "expires_at", null);
    }
    if (expiresAt > now + MAX_EXPIRY) {
      throw ApiError.invalidRequest("The `expires_at` timestamp must be less than 24 hours from"
          + " Checkout Session creation.", "expires_at", null);
    }
    return expiresAt;
  }

  private static CheckoutPayment payment(Params params, long total, String currency) {
    Params data = params.hash("payment_intent_data").orElse(Params.of(Map.of()));
    data.allowOnly(Set.of("metadata", "description", "capture_method", "receipt_email",
        "transfer_data", "application_fee_amount", "on_behalf_of"));
    return new CheckoutPayment(total, currency,
        data.oneOf("capture_method", List.of("automatic", "automatic_async", "manual")).orElse("automatic"),
        data.string("description").filter(s -> !s.isEmpty()).orElse(null),
        data.string("receipt_email").filter(s -> !s.isEmpty()).orElse(null),
        Metadata.apply(Map.of(), data.raw("metadata")),
        params.strings("payment_method_types").orElse(List.of("card")),
        ConnectTerms.read(data));
  }
}
