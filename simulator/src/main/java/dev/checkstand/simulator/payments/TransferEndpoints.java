package dev.checkstand.simulator.payments;

import com.google.gson.JsonObject;
import dev.checkstand.simulator.api.ApiError;
import dev.checkstand.simulator.api.ApiRequest;
import dev.checkstand.simulator.api.ListQuery;
import dev.checkstand.simulator.api.ObjectStore;
import dev.checkstand.simulator.api.Params;
import dev.checkstand.simulator.api.Router;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The Transfer and ApplicationFee endpoints of the Stripe API: what destination charges made, read-only, for the platform. */
public final class TransferEndpoints {

  private final PaymentIntents intents;
  private final DestinationCharges destinations;

  /** Endpoints over {@code payments}' transfers and application fees. */
  public TransferEndpoints(Payments payments) {
    this.intents = payments.intents();
    this.destinations = payments.destinations();
  }

  /** Adds this group's routes to {@code router}. */
  public void register(Router router) {
    router.add("GET", "/v1/transfers", Router.Access.SECRET_KEY, this::listTransfers);
    router.add("GET", "/v1/transfers/{id}", Router.Access.SECRET_KEY, this::retrieveTransfer);
    router.add("GET", "/v1/transfers/{id}/reversals", Router.Access.SECRET_KEY, this::reversals);
    router.add("GET", "/v1/application_fees", Router.Access.SECRET_KEY, this::listFees);
    router.add("GET", "/v1/application_fees/{id}", Router.Access.SECRET_KEY, this::retrieveFee);
    router.add("GET", "/v1/application_fees/{id}/refunds", Router.Access.SECRET_KEY, this::feeRefunds);
  }

  private JsonObject retrieveTransfer(ApiRequest request) {
    request.params().allowOnly(Set.of("expand"));
    request.params().requireExpandable(Set.of(), "");
    return snapshot(transfer(request));
  }

  private JsonObject reversals(ApiRequest request) {
    request.params().allowOnly(ListQuery.PARAMS);
    ListQuery.of(request.params(), value -> 0L);
    JsonObject transfer = snapshot(transfer(request));
    return transfer.getAsJsonObject("reversals");
  }

  private JsonObject listTransfers(ApiRequest request) {
    Params params = request.params();
    Set<String> allowed = new HashSet<>(ListQuery.PARAMS);
    allowed.addAll(Set.of("destination", "transfer_group"));
    params.allowOnly(allowed);
    params.requireExpandable(Set.of(), "data.");
    ListQuery query = ListQuery.<Transfer>of(params, Transfer::created);
    String destination = params.string("destination").filter(s -> !s.isEmpty()).orElse(null);
    String group = params.string("transfer_group").filter(s -> !s.isEmpty()).orElse(null);
    boolean platform = request.account() == null;
    ObjectStore.Page<Transfer> page = destinations.transfers(query, transfer -> platform
        && (destination == null || destination.equals(transfer.destination()))
        && (group == null || group.equals("group_" + transfer.paymentIntentId())));
    List<JsonObject> data = new ArrayList<>();
    page.data().forEach(transfer -> data.add(snapshot(transfer)));
    return ListQuery.render("/v1/transfers", data, page.hasMore());
  }

  private JsonObject retrieveFee(ApiRequest request) {
    request.params().allowOnly(Set.of("expand"));
    request.params().requireExpandable(Set.of(), "");
    return snapshot(fee(request));
  }

  private JsonObject feeRefunds(ApiRequest request) {
    request.params().allowOnly(ListQuery.PARAMS);
    ListQuery.of(request.params(), value -> 0L);
    return snapshot(fee(request)).getAsJsonObject("refunds");
  }

  private JsonObject listFees(ApiRequest request) {
    Params params = request.params();
    Set<String> allowed = new HashSet<>(ListQuery.PARAMS);
    allowed.add("charge");
    params.allowOnly(allowed);
    params.requireExpandable(Set.of(), "data.");
    ListQuery query = ListQuery.<ApplicationFee>of(params, ApplicationFee::created);
    String charge = params.string("charge").filter(s -> !s.isEmpty()).orElse(null);
    boolean platform = request.account() == null;
    ObjectStore.Page<ApplicationFee> page = destinations.fees(query, fee -> platform
        && (charge == null || charge.equals(fee.chargeId())));
    List<JsonObject> data = new ArrayList<>();
    page.data().forEach(fee -> data.add(snapshot(fee)));
    return ListQuery.render("/v1/application_fees", data, page.hasMore());
  }

  /** The platform's transfer in the path; 404 if unknown or asked as a connected account. */
  private Transfer transfer(ApiRequest request) {
    String id = request.pathParam("id");
    return destinations.transfer(id).filter(transfer -> request.account() == null)
        .orElseThrow(() -> ApiError.noSuchObject("transfer", id));
  }

  private ApplicationFee fee(ApiRequest request) {
    String id = request.pathParam("id");
    return destinations.fee(id).filter(fee -> request.account() == null)
        .orElseThrow(() -> ApiError.noSuchObject("application_fee", id));
  }

  private JsonObject snapshot(Transfer transfer) {
    return intents.find(transfer.paymentIntentId()).locked(transfer::toJson);
  }

  private JsonObject snapshot(ApplicationFee fee) {
    return intents.find(fee.paymentIntentId()).locked(fee::toJson);
  }
}
