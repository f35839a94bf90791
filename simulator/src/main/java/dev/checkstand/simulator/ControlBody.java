package dev.checkstand.simulator;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.checkstand.simulator.api.Json;
import java.util.Set;

/** A control request's JSON body, read with clear errors for missing, unknown or mistyped fields. */
public final class ControlBody {

  private final JsonObject json;

  private ControlBody(JsonObject json) {
    this.json = json;
  }

  /** Parses a body; blank is {@code {}}. */
  public static ControlBody parse(String text) {
    return new ControlBody(Json.parseObject(text.isBlank() ? "{}" : text));
  }

  /** Refuses fields outside {@code known}: "Unknown field x; known: [...]". */
  public ControlBody allowOnly(Set<String> known) {
    return allowOnly(known, "field");
  }

  /** Refuses fields outside {@code known}, naming them as {@code what}, e.g. "config field". */
  public ControlBody allowOnly(Set<String> known, String what) {
    for (String field : json.keySet()) {
      if (!known.contains(field)) {
        throw new IllegalArgumentException("Unknown " + what + " " + field + "; known: " + known);
      }
    }
    return this;
  }

  public boolean has(String field) {
    return json.has(field);
  }

  public boolean isNull(String field) {
    return json.get(field).isJsonNull();
  }

  public boolean bool(String field) {
    JsonPrimitive value = primitive(field);
    if (!value.isBoolean()) {
      throw new IllegalArgumentException(field + " must be true or false");
    }
    return value.getAsBoolean();
  }

  public double number(String field) {
    JsonPrimitive value = primitive(field);
    if (!value.isNumber()) {
      throw new IllegalArgumentException(field + " must be a number");
    }
    return value.getAsDouble();
  }

  public long integer(String field) {
    double value = number(field);
    if (value != Math.rint(value)) {
      throw new IllegalArgumentException(field + " must be a whole number");
    }
    return (long) value;
  }

  /** A string field; null when the field is JSON null. */
  public String string(String field) {
    JsonElement value = required(field);
    if (value.isJsonNull()) {
      return null;
    }
    if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
      throw new IllegalArgumentException(field + " must be a string");
    }
    return value.getAsString();
  }

  /** A string or number field as text, e.g. {@code 25} or {@code "live"}. */
  public String text(String field) {
    return primitive(field).getAsString();
  }

  /** A nested JSON object field. */
  public ControlBody object(String field) {
    JsonElement value = required(field);
    if (!value.isJsonObject()) {
      throw new IllegalArgumentException(field + " must be a JSON object");
    }
    return new ControlBody(value.getAsJsonObject());
  }

  /** A JSON array field. */
  public com.google.gson.JsonArray array(String field) {
    JsonElement value = required(field);
    if (!value.isJsonArray()) {
      throw new IllegalArgumentException(field + " must be a JSON array");
    }
    return value.getAsJsonArray();
  }

  private JsonPrimitive primitive(String field) {
    JsonElement value = required(field);
    if (!value.isJsonPrimitive()) {
      throw new IllegalArgumentException(field + " must be a JSON value, not " + value);
    }
    return value.getAsJsonPrimitive();
  }

  private JsonElement required(String field) {
    JsonElement value = json.get(field);
    if (value == null) {
      throw new IllegalArgumentException("Missing field " + field);
    }
    return value;
  }
}
