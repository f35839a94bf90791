package dev.checkstand.simulator.checkout;

import com.google.gson.JsonObject;
import dev.checkstand.simulator.api.ApiError;
import dev.checkstand.simulator.api.ApiRequest;
import dev.checkstand.simulator.api.ListQuery;
import dev.checkstand.simulator.api.ObjectStore;
import dev.checkstand.simulator.api.Params;
import dev.checkstand.simulator.api.Router;
import dev.checkstand.simulator.clock.SimClock;
import dev.checkstand.simulator.payments.Payments;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/** The Checkout Session endpoints of the Stripe API (mode=payment). */
public final class CheckoutEndpoints {

  private static final String BASE = "/v1/checkout/sessions";
  private static final Set<String> EXPANDABLE = Set.of("payment_intent", "line_items");

  private final SimClock clock;
  private final CheckoutSessions sessions;
  private final Payments payments;

  /** Endpoints over {@code sessions}; {@code payments} serves {@code expand[]=payment_intent}. */
  public CheckoutEndpoints(SimClock clock, CheckoutSessions sessions, Payments payments) {
    this.clock = clock;
    this.sessions = sessions;
    this.payments = payments;
  }

  /** Adds this group's routes to {@code router}. */
  public void register(Router router) {
    router.add("POST", BASE, Router.Access.SECRET_KEY, this::create);
    router.add("GET", BASE, Router.Access.SECRET_KEY, this::list);
    router.add("GET", BASE + "/{id}", Router.Access.SECRET_KEY, this::retrieve);
    router.add("POST", BASE + "/{id}/expire", Router.Access.SECRET_KEY, this::expire);
    router.add("GET", BASE + "/{id}/line_items", Router.Access.SECRET_KEY, this::lineItems);
  }

  private JsonObject create(ApiRequest request) {
    NewSession spec = CheckoutParams.create(request.params(), clock.epochSecond());
    request.params().requireExpandable(EXPANDABLE, "");
    payments.checkConnectTerms(spec.payment().connect(), spec.amountTotal(), spec.currency(),
        request.account());
    return render(sessions.create(spec, request.account()), request.params());
  }

  private JsonObject retrieve(ApiRequest request) {
    request.params().allowOnly(Set.of("expand"));
    request.params().requireExpandable(EXPANDABLE, "");
    CheckoutSession session = sessions.find(request.pathParam("id"), request.account());
    return render(sessions.snapshot(session), request.params());
  }

  private JsonObject expire(ApiRequest request) {
    request.params().allowOnly(Set.of("expand"));
    request.params().requireExpandable(EXPANDABLE, "");
    CheckoutSession session = sessions.find(request.pathParam("id"), request.account());
    return render(sessions.expire(session, request.context()), request.params());
  }

  private JsonObject list(ApiRequest request) {
    Params params = request.params();
    Set<String> allowed = new HashSet<>(ListQuery.PARAMS);
    allowed.addAll(Set.of("payment_intent", "status", "customer"));
    params.allowOnly(allowed);
    params.requireExpandable(EXPANDABLE, "data.");
    ListQuery query = ListQuery.<CheckoutSession>of(params, CheckoutSession::created);
    String intent = params.string("payment_intent").orElse(null);
    String status = params.oneOf("status", List.of("open", "complete", "expired")).orElse(null);
    String customer = params.string("customer").orElse(null);
    String account = request.account();
    Predicate<CheckoutSession> filter = session -> session.locked(() ->
        Objects.equals(account, session.account())
            && (intent == null || intent.equals(session.paymentIntentId()))
            && (status == null || status.equals(session.status().wire()))
            && customer == null);
    ObjectStore.Page<CheckoutSession> page = sessions.page(query, filter);
    List<JsonObject> data = new ArrayList<>();
    for (CheckoutSession session : page.data()) {
      data.add(render(sessions.snapshot(session), params, "data."));
    }
    return ListQuery.render(BASE, data, page.hasMore());
  }

  private JsonObject lineItems(ApiRequest request) {
    request.params().allowOnly(ListQuery.PARAMS);
    ListQuery query = ListQuery.<LineItem>of(request.params(), LineItem::created);
    CheckoutSession session = sessions.find(request.pathParam("id"), request.account());
    List<LineItem> items = session.lineItems();
    int from = 0;
    int to = items.size();
    if (query.startingAfter() != null) {
      from = indexOf(items, query.startingAfter(), "starting_after") + 1;
      to = Math.min(items.size(), from + query.limit());
    } else if (query.endingBefore() != null) {
      to = indexOf(items, query.endingBefore(), "ending_before");
      from = Math.max(0, to - query.limit());
    } else {
      to = Math.min(items.size(), query.limit());
    }
    List<JsonObject> data = new ArrayList<>();
    items.subList(from, to).forEach(item -> data.add(item.toJson()));
    boolean hasMore = query.endingBefore() != null ? from > 0 : to < items.size();
    return ListQuery.render(BASE + "/" + session.id() + "/line_items", data, hasMore);
  }

  private static int indexOf(List<LineItem> items, String id, String param) {
    for (int i = 0; i < items.size(); i++) {
      if (items.get(i).id().equals(id)) {
        return i;
      }
    }
    throw ApiError.noSuchReference("line_item", id, param);
  }

  private JsonObject render(JsonObject session, Params params) {
    return render(session, params, "");
  }

  private JsonObject render(JsonObject session, Params params, String prefix) {
    for (String path : params.expand()) {
      String field = path.substring(prefix.length());
      if (field.equals("payment_intent") && !session.get("payment_intent").isJsonNull()) {
        session.add("payment_intent", payments.intent(session.get("payment_intent").getAsString()));
      } else if (field.equals("line_items")) {
        session.add("line_items", lineItemList(sessions.find(session.get("id").getAsString())));
      }
    }
    return session;
  }

  private static JsonObject lineItemList(CheckoutSession session) {
    List<JsonObject> items = new ArrayList<>();
    session.lineItems().forEach(item -> items.add(item.toJson()));
    return ListQuery.render(BASE + "/" + session.id() + "/line_items", items, false);
  }
}
