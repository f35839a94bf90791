package dev.checkstand.simulator.printful;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/** Optional fields of a Printful request body, read as Printful does: absent or null is null, a wrong type a 400. */
final class BodyFields {

  private BodyFields() {}

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
