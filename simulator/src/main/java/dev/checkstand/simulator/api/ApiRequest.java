package dev.checkstand.simulator.api;

import java.util.Map;

/** An authenticated API request matched to an endpoint. */
public record ApiRequest(
    String method,
    String path,
    Map<String, String> pathParams,
    Params params,
    Caller caller,
    RequestContext context) {

  /** The value of a {@code {name}} segment of the route template. */
  public String pathParam(String name) {
    return pathParams.get(name);
  }
}
