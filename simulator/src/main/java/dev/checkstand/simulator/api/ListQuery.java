package dev.checkstand.simulator.api;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.List;
import java.util.Set;
import java.util.function.ToLongFunction;

/** Stripe's list parameters: {@code limit} (1-100, default 10), the two cursors and a {@code created} filter. */
public final class ListQuery {

  /** The parameters every list endpoint takes. */
  public static final Set<String> PARAMS = Set.of("limit", "starting_after", "ending_before",
      "created", "expand");

  private static final int MAX_LIMIT = 100;

  private final int limit;
  private final String startingAfter;
  private final String endingBefore;
  private final CreatedRange created;
  private final ToLongFunction<Object> createdOf;

  private ListQuery(int limit, String startingAfter, String endingBefore, CreatedRange created,
      ToLongFunction<Object> createdOf) {
    this.limit = limit;
    this.startingAfter = startingAfter;
    this.endingBefore = endingBefore;
    this.created = created;
    this.createdOf = createdOf;
  }

  /** Reads the list parameters; {@code createdOf} gives an object's {@code created} for the filter. */
  @SuppressWarnings("unchecked")
  public static <T> ListQuery of(Params params, ToLongFunction<T> createdOf) {
    long limit = params.integer("limit").orElse(10L);
    if (limit < 1) {
      throw ApiError.invalidRequest("This value must be greater than or equal to 1.", "limit", null);
    }
    if (limit > MAX_LIMIT) {
      throw ApiError.invalidRequest("This value must be less than or equal to " + MAX_LIMIT + ".",
          "limit", null);
    }
    String after = params.string("starting_after").filter(s -> !s.isEmpty()).orElse(null);
    String before = params.string("ending_before").filter(s -> !s.isEmpty()).orElse(null);
    if (after != null && before != null) {
      throw ApiError.invalidRequest("You may only specify one of these parameters: ending_before,"
          + " starting_after.", "ending_before", null);
    }
    return new ListQuery((int) limit, after, before, CreatedRange.of(params),
        (ToLongFunction<Object>) createdOf);
  }

  /** The page size. */
  public int limit() {
    return limit;
  }

  /** The id to list objects older than, or null. */
  public String startingAfter() {
    return startingAfter;
  }

  /** The id to list objects newer than, or null. */
  public String endingBefore() {
    return endingBefore;
  }

  /** Whether {@code value}'s {@code created} lies in the requested range. */
  boolean matchesCreated(Object value) {
    return created.contains(createdOf.applyAsLong(value));
  }

  /** Stripe's list object: {@code {object: "list", data, has_more, url}}. */
  public static JsonObject render(String url, List<JsonObject> data, boolean hasMore) {
    JsonArray array = new JsonArray();
    data.forEach(array::add);
    JsonObject list = new JsonObject();
    list.addProperty("object", "list");
    list.add("data", array);
    list.addProperty("has_more", hasMore);
    list.addProperty("url", url);
    return list;
  }

  private record CreatedRange(long gt, long gte, long lt, long lte) {

    static CreatedRange of(Params params) {
      Object raw = params.raw("created");
      if (raw == null) {
        return new CreatedRange(Long.MIN_VALUE, Long.MIN_VALUE, Long.MAX_VALUE, Long.MAX_VALUE);
      }
      if (raw instanceof String) {
        long at = params.requiredInteger("created");
        return new CreatedRange(Long.MIN_VALUE, at, Long.MAX_VALUE, at);
      }
      Params range = params.hash("created").orElseThrow();
      range.allowOnly(Set.of("gt", "gte", "lt", "lte"));
      return new CreatedRange(
          range.integer("gt").orElse(Long.MIN_VALUE),
          range.integer("gte").orElse(Long.MIN_VALUE),
          range.integer("lt").orElse(Long.MAX_VALUE),
          range.integer("lte").orElse(Long.MAX_VALUE));
    }

    boolean contains(long created) {
      return created > gt && created >= gte && created < lt && created <= lte;
    }
  }
}
