package dev.checkstand.simulator.api;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** JSON as Stripe writes it: nulls kept, no HTML escaping. */
public final class Json {

  private static final Gson GSON = new GsonBuilder().serializeNulls().disableHtmlEscaping().create();

  private Json() {}

  /** A copy of {@code object} without the named fields of every object (itself, nested, listed) whose {@code object} is a key of {@code omitted}; {@code object} itself when nothing is omitted. */
  public static JsonObject omitting(JsonObject object, Map<String, Set<String>> omitted) {
    if (omitted.isEmpty()) {
      return object;
    }
    JsonObject copy = object.deepCopy();
    omit(copy, omitted);
    return copy;
  }

  private static void omit(JsonElement element, Map<String, Set<String>> omitted) {
    if (element.isJsonArray()) {
      element.getAsJsonArray().forEach(item -> omit(item, omitted));
    } else if (element.isJsonObject()) {
      JsonObject object = element.getAsJsonObject();
      JsonElement type = object.get("object");
      if (type != null && type.isJsonPrimitive()) {
        omitted.getOrDefault(type.getAsString(), Set.of()).forEach(object::remove);
      }
      object.entrySet().forEach(entry -> omit(entry.getValue(), omitted));
    }
  }

  /** The compact JSON text of an element. */
  public static String write(JsonElement element) {
    return GSON.toJson(element);
  }

  /** Parses a JSON object; throws an unchecked exception when the text is not one. */
  public static JsonObject parseObject(String text) {
    return JsonParser.parseString(text).getAsJsonObject();
  }

  /** A JSON object holding the entries of a string map, in its order. */
  public static JsonObject strings(Map<String, String> map) {
    JsonObject object = new JsonObject();
    map.forEach(object::addProperty);
    return object;
  }

  /** Stripe's {@code previous_attributes}: the top-level fields of {@code before} that differ in {@code after}, with their old values. */
  public static JsonObject previous(JsonObject before, JsonObject after) {
    JsonObject previous = new JsonObject();
    for (String field : after.keySet()) {
      JsonElement old = before.has(field) ? before.get(field) : JsonNull.INSTANCE;
      if (!old.equals(after.get(field))) {
        previous.add(field, old.deepCopy());
      }
    }
    return previous;
  }

  /** Stripe's {@code address} with every field null: {@code city}, {@code country}, {@code line1}, {@code line2}, {@code postal_code}, {@code state}. */
  public static JsonObject emptyAddress() {
    JsonObject address = new JsonObject();
    for (String field : new String[] {"city", "country", "line1", "line2", "postal_code", "state"}) {
      address.add(field, JsonNull.INSTANCE);
    }
    return address;
  }

  /** A JSON array of strings. */
  public static JsonArray strings(List<String> values) {
    JsonArray array = new JsonArray();
    values.forEach(array::add);
    return array;
  }
}
