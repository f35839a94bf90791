package dev.checkstand.simulator.api;

import com.google.gson.JsonObject;

/** Serves one route: returns the 200 body or throws {@link ApiError}. */
@FunctionalInterface
public interface Endpoint {

  /** Handles the request. */
  JsonObject handle(ApiRequest request);
}
