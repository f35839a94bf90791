package dev.checkstand.simulator.payments;

import com.google.gson.JsonObject;
import dev.checkstand.simulator.api.ApiError;
import dev.checkstand.simulator.api.ApiRequest;
import dev.checkstand.simulator.api.ListQuery;
import dev.checkstand.simulator.api.Metadata;
import dev.checkstand.simulator.api.ObjectStore;
import dev.checkstand.simulator.api.Params;
import dev.checkstand.simulator.api.Router;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** The Refund endpoints of the Stripe API. */
public final class RefundEndpoints {

  private static final String BASE = "/v1/refunds";
  private static final Set<String> EXPANDABLE = Set.of("charge", "payment_intent");
  private static final List<String> REASONS = List.of("duplicate", "fraudulent", "requested_by_customer");

  private final Refunds refunds;
  private final PaymentIntents intents;

  /** Endpoints over {@code payments}' refunds. */
  public RefundEndpoints(Payments payments) {
    this.refunds = payments.refunds();
    this.intents = payments.intents();
  }

  /** Adds this group's routes to {@code router}. */
  public void register(Router router) {
    router.add("POST", BASE, Router.Access.SECRET_KEY, this::create);
    router.add("GET", BASE, Router.Access.SECRET_KEY, this::list);
    router.add("GET", BASE + "/{id}", Router.Access.SECRET_KEY, this::retrieve);
    router.add("POST", BASE + "/{id}", Router.Access.SECRET_KEY, this::update);
    router.add("POST", BASE + "/{id}/cancel", Router.Access.SECRET_KEY, this::cancel);
  }

  private JsonObject create(ApiRequest request) {
    Params params = request.params();
    params.allowOnly(Set.of("payment_intent", "charge", "amount", "reason", "metadata", "expand",
        "instructions_email", "reverse_transfer", "refund_application_fee"));
    String intentId = params.string("payment_intent").filter(s -> !s.isEmpty()).orElse(null);
    String chargeId = params.string("charge").filter(s -> !s.isEmpty()).orElse(null);
    if (intentId == null && chargeId == null) {
      throw ApiError.invalidRequest("One of the following params should be provided for this"
          + " request: payment_intent or charge.", null, "parameter_missing");
    }
    Long amount = params.integer("amount").orElse(null);
    if (amount != null && amount < 1) {
      throw ApiError.invalidRequest("This value must be greater than or equal to 1.", "amount",
          "parameter_invalid_integer");
    }
    String reason = params.oneOf("reason", REASONS).orElse(null);
    Map<String, String> metadata = Metadata.apply(Map.of(), params.raw("metadata"));
    params.requireExpandable(EXPANDABLE, "");
    boolean reverseTransfer = params.bool("reverse_transfer").orElse(false);
    boolean refundApplicationFee = params.bool("refund_application_fee").orElse(false);
    return render(refunds.create(intentId, chargeId, amount, reason, metadata, request.account(),
        reverseTransfer, refundApplicationFee, request.context()), params, "");
  }

  private JsonObject retrieve(ApiRequest request) {
    request.params().allowOnly(Set.of("expand"));
    request.params().requireExpandable(EXPANDABLE, "");
    return render(refunds.snapshot(refunds.find(request.pathParam("id"), request.account())),
        request.params(), "");
  }

  private JsonObject update(ApiRequest request) {
    request.params().allowOnly(Set.of("metadata", "expand"));
    request.params().requireExpandable(EXPANDABLE, "");
    Refund refund = refunds.find(request.pathParam("id"), request.account());
    JsonObject updated = refunds.locked(refund, () -> {
      refund.setMetadata(Metadata.apply(refund.metadata(), request.params().raw("metadata")));
      return refund.toJson();
    });
    return render(updated, request.params(), "");
  }

  private JsonObject cancel(ApiRequest request) {
    request.params().allowOnly(Set.of("expand"));
    Refund refund = refunds.find(request.pathParam("id"), request.account());
    String status = refunds.locked(refund, () -> refund.status().wire());
    throw ApiError.invalidRequest("Refund " + refund.id() + " cannot be canceled because it has a"
        + " status of " + status + ". Only refunds with a status of requires_action can be canceled.",
        null, null);
  }

  private JsonObject list(ApiRequest request) {
    Params params = request.params();
    Set<String> allowed = new HashSet<>(ListQuery.PARAMS);
    allowed.addAll(Set.of("payment_intent", "charge"));
    params.allowOnly(allowed);
    params.requireExpandable(EXPANDABLE, "data.");
    ListQuery query = ListQuery.<Refund>of(params, Refund::created);
    String intentId = params.string("payment_intent").orElse(null);
    String chargeId = params.string("charge").orElse(null);
    String account = request.account();
    ObjectStore.Page<Refund> page = refunds.page(query, refund ->
        Objects.equals(account, refund.account())
            && (intentId == null || intentId.equals(refund.paymentIntentId()))
            && (chargeId == null || chargeId.equals(refund.chargeId())));
    List<JsonObject> data = new ArrayList<>();
    for (Refund refund : page.data()) {
      data.add(render(refunds.snapshot(refund), params, "data."));
    }
    return ListQuery.render(BASE, data, page.hasMore());
  }

  private JsonObject render(JsonObject refund, Params params, String prefix) {
    for (String path : params.expand()) {
      String field = path.substring(prefix.length());
      if (field.equals("charge")) {
        intents.charge(refund.get("charge").getAsString())
            .ifPresent(charge -> refund.add("charge", charge));
      } else if (field.equals("payment_intent")) {
        refund.add("payment_intent", intents.snapshot(intents.find(refund.get("payment_intent").getAsString())));
      }
    }
    return refund;
  }
}
