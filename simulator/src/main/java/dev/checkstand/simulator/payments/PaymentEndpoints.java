package dev.checkstand.simulator.payments;

import com.google.gson.JsonObject;
import dev.checkstand.simulator.api.ApiError;
import dev.checkstand.simulator.api.ApiRequest;
import dev.checkstand.simulator.api.Caller;
import dev.checkstand.simulator.api.ListQuery;
import dev.checkstand.simulator.api.ObjectStore;
import dev.checkstand.simulator.api.Params;
import dev.checkstand.simulator.api.Router;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** The PaymentIntent, Charge and PaymentMethod endpoints of the Stripe API. */
public final class PaymentEndpoints {

  private static final Set<String> INTENT_EXPANDABLE = Set.of("latest_charge", "payment_method");

  private final PaymentMethods methods;
  private final PaymentIntents intents;
  private final Refunds refunds;
  private final DestinationCharges destinations;

  /** Endpoints over {@code payments}' objects. */
  public PaymentEndpoints(Payments payments) {
    this.methods = payments.methods();
    this.intents = payments.intents();
    this.refunds = payments.refunds();
    this.destinations = payments.destinations();
  }

  /** Adds this group's routes to {@code router}. */
  public void register(Router router) {
    router.add("POST", "/v1/payment_intents", Router.Access.SECRET_KEY, this::create);
    router.add("GET", "/v1/payment_intents", Router.Access.SECRET_KEY, this::list);
    router.add("GET", "/v1/payment_intents/{id}", Router.Access.CLIENT_SECRET, this::retrieve);
    router.add("POST", "/v1/payment_intents/{id}", Router.Access.SECRET_KEY, this::update);
    router.add("POST", "/v1/payment_intents/{id}/confirm", Router.Access.CLIENT_SECRET, this::confirm);
    router.add("POST", "/v1/payment_intents/{id}/capture", Router.Access.SECRET_KEY, this::capture);
    router.add("POST", "/v1/payment_intents/{id}/cancel", Router.Access.SECRET_KEY, this::cancel);
    router.add("GET", "/v1/charges/{id}", Router.Access.SECRET_KEY, this::retrieveCharge);
    router.add("GET", "/v1/payment_methods/{id}", Router.Access.SECRET_KEY, this::retrieveMethod);
  }

  private JsonObject create(ApiRequest request) {
    Params params = request.params();
    NewPaymentIntent spec = PaymentIntentParams.create(params, request.account());
    params.requireExpandable(INTENT_EXPANDABLE, "");
    destinations.check(spec.connect(), spec.amount(), spec.currency(), request.account(), null);
    PaymentMethod method = params.string("payment_method")
        .map(id -> methods.resolve(id, "payment_method")).orElse(null);
    boolean confirm = params.bool("confirm").orElse(false);
    String returnUrl = params.string("return_url").orElse(null);
    return render(intents.create(spec, method, confirm, returnUrl, request.context()), request);
  }

  private JsonObject retrieve(ApiRequest request) {
    request.params().allowOnly(PaymentIntentParams.RETRIEVE);
    request.params().requireExpandable(INTENT_EXPANDABLE, "");
    PaymentIntent intent = authorizedIntent(request);
    return render(intents.snapshot(intent), request);
  }

  private JsonObject list(ApiRequest request) {
    Params params = request.params();
    Set<String> allowed = new HashSet<>(ListQuery.PARAMS);
    allowed.add("customer");
    params.allowOnly(allowed);
    params.requireExpandable(INTENT_EXPANDABLE, "data.");
    ListQuery query = ListQuery.<PaymentIntent>of(params, PaymentIntent::created);
    String customer = params.string("customer").filter(s -> !s.isEmpty()).orElse(null);
    // No Customers exist here, so a customer filter matches no PaymentIntent.
    String account = request.account();
    ObjectStore.Page<PaymentIntent> page = intents.page(query,
        intent -> customer == null && Objects.equals(account, intent.account()));
    List<JsonObject> data = new ArrayList<>();
    for (PaymentIntent intent : page.data()) {
      data.add(render(intents.snapshot(intent), request, "data."));
    }
    return ListQuery.render("/v1/payment_intents", data, page.hasMore());
  }

  private JsonObject update(ApiRequest request) {
    PaymentIntent intent = intents.find(request.pathParam("id"), request.account());
    Params params = request.params();
    PaymentMethod method = params.string("payment_method")
        .map(id -> methods.resolve(id, "payment_method")).orElse(null);
    PaymentIntentChanges changes = PaymentIntentParams.update(params, method);
    params.requireExpandable(INTENT_EXPANDABLE, "");
    return render(intents.update(intent, changes), request);
  }

  private JsonObject confirm(ApiRequest request) {
    request.params().allowOnly(PaymentIntentParams.CONFIRM);
    request.params().requireExpandable(INTENT_EXPANDABLE, "");
    PaymentIntent intent = authorizedIntent(request);
    PaymentMethod method = request.params().string("payment_method")
        .map(id -> methods.resolve(id, "payment_method")).orElse(null);
    String returnUrl = request.params().string("return_url").orElse(null);
    return render(intents.confirm(intent, method, returnUrl, request.context()), request);
  }

  private JsonObject capture(ApiRequest request) {
    Long amount = PaymentIntentParams.amountToCapture(request.params()).orElse(null);
    request.params().requireExpandable(INTENT_EXPANDABLE, "");
    PaymentIntent intent = intents.find(request.pathParam("id"), request.account());
    return render(intents.capture(intent, amount, request.context()), request);
  }

  private JsonObject cancel(ApiRequest request) {
    String reason = PaymentIntentParams.cancellationReason(request.params()).orElse(null);
    request.params().requireExpandable(INTENT_EXPANDABLE, "");
    PaymentIntent intent = intents.find(request.pathParam("id"), request.account());
    return render(intents.cancel(intent, reason, true, request.context()), request);
  }

  private JsonObject retrieveCharge(ApiRequest request) {
    request.params().allowOnly(Set.of("expand"));
    request.params().requireExpandable(Set.of("payment_intent", "refunds", "transfer",
        "application_fee"), "");
    String id = request.pathParam("id");
    JsonObject charge = intents.charge(id, request.account())
        .orElseThrow(() -> ApiError.noSuchObject("charge", id));
    String intentId = charge.get("payment_intent").getAsString();
    if (request.params().expand().contains("payment_intent")) {
      charge.add("payment_intent", intents.snapshot(intents.find(intentId)));
    }
    if (request.params().expand().contains("refunds")) {
      List<JsonObject> data = new ArrayList<>();
      for (String refundId : intents.find(intentId).locked(() -> intents.findCharge(id).orElseThrow().refundIds())) {
        data.add(0, refunds.snapshot(refunds.find(refundId)));
      }
      charge.add("refunds", ListQuery.render("/v1/charges/" + id + "/refunds", data, false));
    }
    PaymentIntent intent = intents.find(intentId);
    if (request.params().expand().contains("transfer") && !charge.get("transfer").isJsonNull()) {
      destinations.transfer(charge.get("transfer").getAsString())
          .ifPresent(transfer -> charge.add("transfer", intent.locked(transfer::toJson)));
    }
    if (request.params().expand().contains("application_fee")
        && !charge.get("application_fee").isJsonNull()) {
      destinations.fee(charge.get("application_fee").getAsString())
          .ifPresent(fee -> charge.add("application_fee", intent.locked(fee::toJson)));
    }
    return charge;
  }

  private JsonObject retrieveMethod(ApiRequest request) {
    request.params().allowOnly(Set.of("expand"));
    request.params().requireExpandable(Set.of(), "");
    return methods.find(request.pathParam("id")).toJson();
  }

  /** The PaymentIntent in the path; a publishable key must also send its client secret. */
  private PaymentIntent authorizedIntent(ApiRequest request) {
    String id = request.pathParam("id");
    PaymentIntent intent = intents.find(id, request.account());
    if (request.caller() == Caller.PUBLISHABLE_KEY) {
      String secret = request.params().string("client_secret")
          .orElseThrow(() -> ApiError.noSuchObject("payment_intent", id));
      if (!secret.equals(intent.clientSecret())) {
        throw ApiError.invalidRequest("The client_secret provided does not match the client_secret"
            + " associated with the PaymentIntent.", "client_secret", null);
      }
    }
    return intent;
  }

  /** Applies {@code expand[]} and, for publishable keys, Stripe's redaction of metadata. */
  private JsonObject render(JsonObject intent, ApiRequest request) {
    return render(intent, request, "");
  }

  private JsonObject render(JsonObject intent, ApiRequest request, String prefix) {
    for (String expanded : request.params().expand()) {
      String path = expanded.substring(prefix.length());
      if (path.equals("latest_charge") && !intent.get("latest_charge").isJsonNull()) {
        String chargeId = intent.get("latest_charge").getAsString();
        intents.charge(chargeId).ifPresent(charge -> intent.add("latest_charge", charge));
      } else if (path.equals("payment_method") && !intent.get("payment_method").isJsonNull()) {
        intent.add("payment_method", methods.find(intent.get("payment_method").getAsString()).toJson());
      }
    }
    if (request.caller() == Caller.PUBLISHABLE_KEY) {
      intent.remove("metadata");
    }
    return intent;
  }
}
