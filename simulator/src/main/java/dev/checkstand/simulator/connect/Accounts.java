package dev.checkstand.simulator.connect;

import com.google.gson.JsonObject;
import dev.checkstand.simulator.api.ApiError;
import dev.checkstand.simulator.api.Json;
import dev.checkstand.simulator.api.ListQuery;
import dev.checkstand.simulator.api.ObjectStore;
import dev.checkstand.simulator.api.RequestContext;
import dev.checkstand.simulator.clock.SimClock;
import dev.checkstand.simulator.events.Events;
import dev.checkstand.simulator.payments.ConnectedAccounts;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The platform's connected accounts: creation, onboarding, status changes and their {@code account.updated} events. */
public final class Accounts implements ConnectedAccounts {

  /** Stripe's {@code requirements.disabled_reason} values. */
  public static final Set<String> DISABLED_REASONS = Set.of("action_required.requested_capabilities",
      "listed", "other", "platform_paused", "rejected.fraud", "rejected.incomplete_verification",
      "rejected.listed", "rejected.other", "rejected.platform_fraud", "rejected.platform_other",
      "rejected.platform_terms_of_service", "rejected.terms_of_service", "requirements.past_due",
      "requirements.pending_verification", "under_review");

  /** What a deactivated account is asked for when the change names nothing. */
  private static final List<String> DEFAULT_DUE = List.of("individual.verification.document");

  private final SimClock clock;
  private final Events events;
  private final ObjectStore<Account> accounts;

  /** Keeps at most {@code capacity} accounts; changes record events in {@code events}. */
  public Accounts(SimClock clock, Events events, int capacity) {
    this.clock = clock;
    this.events = events;
    this.accounts = new ObjectStore<>(capacity);
  }

  @Override
  public boolean exists(String accountId) {
    return accounts.find(accountId).isPresent();
  }

  @Override
  public boolean chargesEnabled(String accountId) {
    return accounts.find(accountId).map(Account::chargesEnabled).orElse(false);
  }

  JsonObject create(NewAccount spec) {
    Account account = new Account(spec, clock.epochSecond());
    accounts.add(account.id(), account);
    return account.toJson();
  }

  /** The account; 404 if there is none. */
  Account find(String id) {
    return accounts.find(id).orElseThrow(() -> ApiError.noSuchObject("account", id));
  }

  ObjectStore.Page<Account> page(ListQuery query) {
    return accounts.page(query, account -> true, "account");
  }

  void delete(String id) {
    find(id);
    accounts.remove(id);
  }

  /** Applies {@code change} to the account, recording one {@code account.updated} if anything visible changed; returns the account. */
  JsonObject change(Account account, Runnable change, RequestContext context) {
    synchronized (account) {
      JsonObject before = account.toJson();
      change.run();
      JsonObject after = account.toJson();
      JsonObject previous = Json.previous(before, after);
      if (previous.size() > 0) {
        events.record("account.updated", after, context, previous);
      }
      return after;
    }
  }

  /** Completes onboarding, as the account holder does on the Account Link page; NoSuchElementException-style 404 if unknown. */
  public JsonObject completeOnboarding(String accountId, RequestContext context) {
    Account account = find(accountId);
    return change(account, () -> account.onboarded(clock.epochSecond()), context);
  }

  /**
   * Sets what the account may do, as Stripe does after a review: charges (and with them the card_payments and
   * transfers capabilities) and payouts. A disabled account gets {@code disabledReason} (default
   * {@code requirements.past_due}); {@code currentlyDue} (null or empty: none, or for a past-due account a
   * verification document) is what it is asked for. One {@code account.updated} if anything changed.
   */
  public JsonObject setStatus(String accountId, boolean chargesEnabled, boolean payoutsEnabled,
      String disabledReason, List<String> currentlyDue) {
    if (disabledReason != null && !DISABLED_REASONS.contains(disabledReason)) {
      throw new IllegalArgumentException("disabled_reason must be one of " + DISABLED_REASONS.stream()
          .sorted().toList() + ", was " + disabledReason);
    }
    String reason = disabledReason != null ? disabledReason
        : chargesEnabled && payoutsEnabled ? null : "requirements.past_due";
    List<String> due = currentlyDue != null && !currentlyDue.isEmpty() ? currentlyDue
        : "requirements.past_due".equals(reason) ? DEFAULT_DUE : List.of();
    Account account = find(accountId);
    return change(account, () -> account.setStatus(chargesEnabled, payoutsEnabled, reason, due),
        RequestContext.dashboard());
  }

  /** The account's current fields, for a change that keeps the others: {@code charges_enabled}, {@code payouts_enabled}. */
  public Map<String, Boolean> status(String accountId) {
    JsonObject json = find(accountId).toJson();
    return Map.of("charges_enabled", json.get("charges_enabled").getAsBoolean(),
        "payouts_enabled", json.get("payouts_enabled").getAsBoolean());
  }

  /** An account as the API shows it; 404 if unknown. */
  public JsonObject snapshot(String accountId) {
    return find(accountId).toJson();
  }

  /** Forgets every account. */
  public void reset() {
    accounts.clear();
  }
}
