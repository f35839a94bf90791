package dev.checkstand.simulator.payments;

/** What payments need to know of the platform's connected accounts. */
public interface ConnectedAccounts {

  /** Whether the platform has this connected account. */
  boolean exists(String accountId);

  /** Whether the account can make charges now (its {@code charges_enabled}); false when unknown. */
  boolean chargesEnabled(String accountId);

  /** No accounts: every account is unknown. */
  ConnectedAccounts NONE = new ConnectedAccounts() {
    @Override
    public boolean exists(String accountId) {
      return false;
    }

    @Override
    public boolean chargesEnabled(String accountId) {
      return false;
    }
  };
}
