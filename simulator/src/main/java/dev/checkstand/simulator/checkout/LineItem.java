package dev.checkstand.simulator.checkout;

import com.google.gson.JsonNull;
import com.google.gson.JsonObject;

/** One line of a Checkout Session, made from {@code price_data}; rendered as Stripe's {@code item}. */
record LineItem(String id, String priceId, String productId, String name, long unitAmount,
    long quantity, String currency, long created) {

  long amount() {
    return unitAmount * quantity;
  }

  JsonObject toJson() {
    JsonObject json = new JsonObject();
    json.addProperty("id", id);
    json.addProperty("object", "item");
    json.addProperty("amount_discount", 0);
    json.addProperty("amount_subtotal", amount());
    json.addProperty("amount_tax", 0);
    json.addProperty("amount_total", amount());
    json.addProperty("currency", currency);
    json.addProperty("description", name);
    json.add("metadata", new JsonObject());
    json.add("price", price());
    json.addProperty("quantity", quantity);
    json.add("adjustable_quantity", JsonNull.INSTANCE);
    return json;
  }

  private JsonObject price() {
    JsonObject price = new JsonObject();
    price.addProperty("id", priceId);
    price.addProperty("object", "price");
    price.addProperty("active", false);
    price.addProperty("billing_scheme", "per_unit");
    price.addProperty("created", created);
    price.addProperty("currency", currency);
    price.add("custom_unit_amount", JsonNull.INSTANCE);
    price.addProperty("livemode", false);
    price.add("lookup_key", JsonNull.INSTANCE);
    price.add("metadata", new JsonObject());
    price.add("nickname", JsonNull.INSTANCE);
    price.addProperty("product", productId);
    price.add("recurring", JsonNull.INSTANCE);
    price.addProperty("tax_behavior", "unspecified");
    price.add("tiers_mode", JsonNull.INSTANCE);
    price.add("transform_quantity", JsonNull.INSTANCE);
    price.addProperty("type", "one_time");
    price.addProperty("unit_amount", unitAmount);
    price.addProperty("unit_amount_decimal", String.valueOf(unitAmount));
    return price;
  }
}
