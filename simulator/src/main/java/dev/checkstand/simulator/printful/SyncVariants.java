package dev.checkstand.simulator.printful;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.List;
import java.util.Optional;

/** The store's sync variants (products synced to Printful), seeded for the demo catalog's SKUs; fixed. */
final class SyncVariants {

  /** One sync variant: the store's product mapped to a Printful catalog variant, with what Printful charges for it. */
  record SyncVariant(long id, String externalId, long syncProductId, String name, long variantId,
      long productId, String retailPrice, String currency, String cost) {}

  /** The seeded variants; {@code external_id} is the demo catalog's SKU. */
  static final List<SyncVariant> SEEDED = List.of(
      new SyncVariant(300100001L, "MUG-CLASSIC", 200100001L, "Classic mug / 11 oz", 1320, 19,
          "12.50", "GBP", "6.95"),
      new SyncVariant(300100002L, "TEE-ORGANIC-M", 200100002L, "Organic T-shirt / M", 4012, 71,
          "22.00", "GBP", "12.95"),
      new SyncVariant(300100003L, "POSTER-A2", 200100003L, "Poster A2 / 16x24", 1, 1,
          "18.00", "GBP", "9.50"),
      new SyncVariant(300100004L, "TOTE-CANVAS", 200100004L, "Canvas tote / Natural", 4533, 84,
          "15.00", "GBP", "8.25"),
      new SyncVariant(300100005L, "STICKER-PACK", 200100005L, "Sticker pack / 4x4", 10163, 358,
          "4.50", "GBP", "2.10"),
      new SyncVariant(300100006L, "HOODIE-LTD", 200100006L, "Limited hoodie / L", 5531, 146,
          "55.00", "GBP", "24.95"));

  /** A variant by numeric id or {@code @external_id}. */
  Optional<SyncVariant> find(String ref) {
    if (ref.startsWith("@")) {
      String external = ref.substring(1);
      return SEEDED.stream().filter(v -> v.externalId().equals(external)).findFirst();
    }
    try {
      long id = Long.parseLong(ref);
      return SEEDED.stream().filter(v -> v.id() == id).findFirst();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  Optional<SyncVariant> byId(long id) {
    return SEEDED.stream().filter(v -> v.id() == id).findFirst();
  }

  Optional<SyncVariant> byExternalId(String externalId) {
    return SEEDED.stream().filter(v -> v.externalId().equals(externalId)).findFirst();
  }

  /** {@code GET /store/variants/{id}}'s result: {@code {sync_variant, sync_product}}. */
  static JsonObject json(SyncVariant v) {
    JsonObject product = new JsonObject();
    product.addProperty("variant_id", v.variantId());
    product.addProperty("product_id", v.productId());
    product.addProperty("image", "https://files.cdn.printful.com/products/" + v.productId() + "/product.jpg");
    product.addProperty("name", v.name());
    JsonObject variant = new JsonObject();
    variant.addProperty("id", v.id());
    variant.addProperty("external_id", v.externalId());
    variant.addProperty("sync_product_id", v.syncProductId());
    variant.addProperty("name", v.name());
    variant.addProperty("synced", true);
    variant.addProperty("variant_id", v.variantId());
    variant.addProperty("main_category_id", 1);
    variant.addProperty("warehouse_product_variant_id", (String) null);
    variant.addProperty("retail_price", v.retailPrice());
    variant.addProperty("sku", v.externalId());
    variant.addProperty("currency", v.currency());
    variant.add("product", product);
    variant.add("files", new JsonArray());
    variant.add("options", new JsonArray());
    variant.addProperty("is_ignored", false);
    JsonObject syncProduct = new JsonObject();
    syncProduct.addProperty("id", v.syncProductId());
    syncProduct.addProperty("external_id", v.externalId());
    syncProduct.addProperty("name", v.name());
    syncProduct.addProperty("variants", 1);
    syncProduct.addProperty("synced", 1);
    syncProduct.addProperty("thumbnail_url", product.get("image").getAsString());
    syncProduct.addProperty("is_ignored", false);
    JsonObject result = new JsonObject();
    result.add("sync_variant", variant);
    result.add("sync_product", syncProduct);
    return result;
  }
}
