package dev.checkstand.simulator.connect;

import com.google.gson.JsonObject;
import dev.checkstand.simulator.api.ApiError;
import dev.checkstand.simulator.api.ApiRequest;
import dev.checkstand.simulator.api.ListQuery;
import dev.checkstand.simulator.api.Metadata;
import dev.checkstand.simulator.api.ObjectStore;
import dev.checkstand.simulator.api.Params;
import dev.checkstand.simulator.api.Router;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The Account and Account Link endpoints of the Stripe API (Connect). */
public final class AccountEndpoints {

  private static final String BASE = "/v1/accounts";
  private static final List<String> LINK_TYPES = List.of("account_onboarding", "account_update");

  private final Accounts accounts;
  private final AccountLinks links;

  /** Endpoints over {@code accounts} and {@code links}. */
  public AccountEndpoints(Accounts accounts, AccountLinks links) {
    this.accounts = accounts;
    this.links = links;
  }

  /** Adds this group's routes to {@code router}. */
  public void register(Router router) {
    router.add("POST", BASE, Router.Access.SECRET_KEY, this::create);
    router.add("GET", BASE, Router.Access.SECRET_KEY, this::list);
    router.add("GET", BASE + "/{id}", Router.Access.SECRET_KEY, this::retrieve);
    router.add("POST", BASE + "/{id}", Router.Access.SECRET_KEY, this::update);
    router.add("DELETE", BASE + "/{id}", Router.Access.SECRET_KEY, this::delete);
    router.add("POST", "/v1/account_links", Router.Access.SECRET_KEY, this::createLink);
  }

  private JsonObject create(ApiRequest request) {
    requirePlatform(request);
    NewAccount spec = AccountParams.create(request.params());
    request.params().requireExpandable(Set.of(), "");
    return accounts.create(spec);
  }

  private JsonObject retrieve(ApiRequest request) {
    request.params().allowOnly(Set.of("expand"));
    request.params().requireExpandable(Set.of(), "");
    return accessible(request).toJson();
  }

  private JsonObject update(ApiRequest request) {
    Params params = request.params();
    params.allowOnly(AccountParams.UPDATE);
    params.requireExpandable(Set.of(), "");
    Account account = accessible(request);
    String email = params.string("email").orElse(null);
    String businessType = AccountParams.businessType(params);
    Map<String, String> metadata = params.has("metadata")
        ? Metadata.apply(account.metadata(), params.raw("metadata")) : null;
    Map<String, String> profile = AccountParams.businessProfile(params, account.businessProfile())
        .orElse(null);
    return accounts.change(account, () -> account.update(email, businessType, metadata, profile),
        request.context());
  }

  private JsonObject delete(ApiRequest request) {
    requirePlatform(request);
    String id = request.pathParam("id");
    accessible(request);
    accounts.delete(id);
    JsonObject deleted = new JsonObject();
    deleted.addProperty("id", id);
    deleted.addProperty("object", "account");
    deleted.addProperty("deleted", true);
    return deleted;
  }

  private JsonObject list(ApiRequest request) {
    requirePlatform(request);
    request.params().allowOnly(ListQuery.PARAMS);
    request.params().requireExpandable(Set.of(), "data.");
    ListQuery query = ListQuery.<Account>of(request.params(), Account::created);
    ObjectStore.Page<Account> page = accounts.page(query);
    List<JsonObject> data = new ArrayList<>();
    page.data().forEach(account -> data.add(account.toJson()));
    return ListQuery.render(BASE, data, page.hasMore());
  }

  private JsonObject createLink(ApiRequest request) {
    requirePlatform(request);
    Params params = request.params();
    params.allowOnly(Set.of("account", "refresh_url", "return_url", "type", "collect",
        "collection_options", "expand"));
    params.requireExpandable(Set.of(), "");
    String account = params.requiredString("account");
    String type = params.oneOf("type", LINK_TYPES).orElse(null);
    if (type == null) {
      throw ApiError.parameterMissing("type");
    }
    params.oneOf("collect", List.of("currently_due", "eventually_due"));
    params.hash("collection_options").ifPresent(options -> {
      options.allowOnly(Set.of("fields", "future_requirements"));
      options.oneOf("fields", List.of("currently_due", "eventually_due"));
      options.oneOf("future_requirements", List.of("include", "omit"));
    });
    String refreshUrl = url(params, "refresh_url");
    String returnUrl = url(params, "return_url");
    if (!accounts.exists(account)) {
      throw ApiError.noSuchReference("account", account, "account");
    }
    return links.create(account, type, refreshUrl, returnUrl);
  }

  /** The account in the path: one the platform has, and, with {@code Stripe-Account}, that one; 403 otherwise, as Stripe answers. */
  private Account accessible(ApiRequest request) {
    String id = request.pathParam("id");
    if (!accounts.exists(id) || request.account() != null && !request.account().equals(id)) {
      throw ApiError.accountInvalid(request.shownKey(), id);
    }
    return accounts.find(id);
  }

  private static void requirePlatform(ApiRequest request) {
    if (request.account() != null) {
      throw ApiError.permission("This request must be made as the platform, without a"
          + " Stripe-Account header: connected accounts cannot create, list or delete accounts or"
          + " Account Links.");
    }
  }

  private static String url(Params params, String name) {
    String url = params.requiredString(name);
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw ApiError.invalidRequest("Not a valid URL", name, "url_invalid");
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
      throw ApiError.invalidRequest("Not a valid URL", name, "url_invalid");
    }
    return url;
  }
}
