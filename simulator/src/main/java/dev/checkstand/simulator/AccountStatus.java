package dev.checkstand.simulator;

import java.util.List;

/**
 * What a connected account may do, for {@link StripeSimulator#setAccountStatus(String, AccountStatus)}:
 * {@code charges_enabled}, {@code payouts_enabled}, {@code requirements.disabled_reason} (null: none when both are
 * enabled, else {@code requirements.past_due}) and {@code requirements.currently_due}.
 */
public record AccountStatus(boolean chargesEnabled, boolean payoutsEnabled, String disabledReason,
    List<String> currentlyDue) {

  /** Copies {@code currentlyDue}; null is none. */
  public AccountStatus {
    currentlyDue = currentlyDue == null ? List.of() : List.copyOf(currentlyDue);
  }

  /** Charges and payouts enabled, nothing due. */
  public static AccountStatus enabled() {
    return new AccountStatus(true, true, null, List.of());
  }

  /** Charges and payouts disabled for {@code reason}, e.g. {@code rejected.other} or {@code requirements.past_due}. */
  public static AccountStatus disabled(String reason) {
    return new AccountStatus(false, false, reason, List.of());
  }

  /** The same, asking for {@code fields}, e.g. {@code individual.verification.document}. */
  public AccountStatus withCurrentlyDue(String... fields) {
    return new AccountStatus(chargesEnabled, payoutsEnabled, disabledReason, List.of(fields));
  }
}
