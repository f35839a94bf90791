package dev.checkstand.simulator.api;

import java.util.Map;

/**
 * An authenticated API request matched to an endpoint; {@code account} is the connected account named by its
 * {@code Stripe-Account} header (checked to exist), or null for the platform; {@code shownKey} is the API key as
 * Stripe shows it in errors ({@code sk_test_****wxyz}).
 */
public record ApiRequest(
    String method,
    String path,
    Map<String, String> pathParams,
    Params params,
    Caller caller,
    RequestContext context,
    String account,
    String shownKey) {

  /** A request made as the platform, without {@code Stripe-Account}. */
  public ApiRequest(String method, String path, Map<String, String> pathParams, Params params,
      Caller caller, RequestContext context) {
    this(method, path, pathParams, params, caller, context, null, "sk_test_****");
  }

  /** The value of a {@code {name}} segment of the route template. */
  public String pathParam(String name) {
    return pathParams.get(name);
  }
}
