package dev.checkstand.simulator.printful;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/** Optional fields of a Printful request body, read as Printful does: absent or null is null, a wrong type a 400. */
final class BodyFields {

  private static final int MAX_QUANTITY = 10_000;

  private BodyFields() {}

  /** Reads one item of a request's {@code items}: {@code at} names it in refusals ("Item 0: "). */
  interface ItemReader {
    void read(String at, JsonObject item, int quantity);
  }

  /**
   * Hands each item of a request's {@code items} to {@code reader} with its quantity; a missing or empty list, an item
   * that is no object, or a quantity that is no whole number from 1 to 10,000 is refused as Printful does.
   */
  static void items(JsonElement element, ItemReader reader) {
    if (element == null || element.isJsonNull() || !element.isJsonArray() || element.getAsJsonArray().isEmpty()) {
      throw PrintfulError.badRequest("Items are required.");
    }
    int index = 0;
    for (JsonElement entry : element.getAsJsonArray()) {
      String at = "Item " + index++ + ": ";
      if (!entry.isJsonObject()) {
        throw PrintfulError.badRequest(at + "must be an object.");
      }
      JsonObject item = entry.getAsJsonObject();
      Long quantity = optionalLong(item, "quantity", at + "quantity");
      if (quantity == null || quantity < 1 || quantity > MAX_QUANTITY) {
        throw PrintfulError.badRequest(at + "quantity must be a whole number of at least 1.");
      }
      reader.read(at, item, quantity.intValue());
    }
  }

  /**
   * A request's recipient with the given text fields read (each absent, null or text, else a 400); a missing or
   * non-object recipient is refused as Printful does.
   */
  static JsonObject recipient(JsonElement element, String... fields) {
    if (element == null || element.isJsonNull()) {
      throw PrintfulError.badRequest("Recipient is required.");
    }
    if (!element.isJsonObject()) {
      throw PrintfulError.badRequest("Recipient must be an object.");
    }
    JsonObject given = element.getAsJsonObject();
    JsonObject recipient = new JsonObject();
    for (String field : fields) {
      recipient.addProperty(field, optionalString(given, field, "Recipient: " + field));
    }
    return recipient;
  }

  /** The field as text (a number is taken as its text); an object or array is refused, named {@code name}. */
  static String optionalString(JsonObject object, String field, String name) {
    JsonElement value = object.get(field);
    if (value == null || value.isJsonNull()) {
      return null;
    }
    if (!value.isJsonPrimitive()) {
      throw PrintfulError.badRequest(name + " must be a string.");
    }
    return value.getAsString();
  }

  /** The field as a whole number (a string of digits too); anything else is refused, named {@code name}. */
  static Long optionalLong(JsonObject object, String field, String name) {
    JsonElement value = object.get(field);
    if (value == null || value.isJsonNull()) {
      return null;
    }
    try {
      return value.getAsBigDecimal().longValueExact();
    } catch (RuntimeException e) {
      throw PrintfulError.badRequest(name + " must be a whole number.");
    }
  }
}
