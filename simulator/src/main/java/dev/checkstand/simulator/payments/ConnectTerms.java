package dev.checkstand.simulator.payments;

import dev.checkstand.simulator.api.Params;
import java.util.Optional;
import java.util.Set;

/**
 * What a PaymentIntent says about Connect: a destination charge's {@code transfer_data[destination]} and
 * {@code transfer_data[amount]}, the {@code application_fee_amount} and {@code on_behalf_of}; each null when not
 * given.
 */
public record ConnectTerms(String destination, Long transferAmount, Long applicationFeeAmount,
    String onBehalfOf) {

  /** A PaymentIntent without any of them. */
  public static final ConnectTerms NONE = new ConnectTerms(null, null, null, null);

  /** The parameters that give the terms: {@code transfer_data[destination|amount]}, {@code application_fee_amount}, {@code on_behalf_of}. */
  public static final Set<String> PARAMS = Set.of("transfer_data", "application_fee_amount",
      "on_behalf_of");

  /** Reads the terms from a create's parameters (or from {@code payment_intent_data}); not checked against the accounts. */
  public static ConnectTerms read(Params params) {
    Optional<Params> transfer = params.hash("transfer_data");
    String destination = null;
    Long amount = null;
    if (transfer.isPresent()) {
      transfer.get().allowOnly(Set.of("destination", "amount"));
      destination = transfer.get().requiredString("destination");
      amount = transfer.get().integer("amount").orElse(null);
    }
    return new ConnectTerms(destination, amount, params.integer("application_fee_amount").orElse(null),
        params.string("on_behalf_of").filter(value -> !value.isEmpty()).orElse(null));
  }

  /** Whether this is a destination charge. */
  public boolean destinationCharge() {
    return destination != null;
  }

  /** The same terms with another {@code transfer_data[amount]} and {@code application_fee_amount}. */
  ConnectTerms withAmounts(Long newTransferAmount, Long newApplicationFeeAmount) {
    return new ConnectTerms(destination, newTransferAmount, newApplicationFeeAmount, onBehalfOf);
  }
}
