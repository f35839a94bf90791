package dev.checkstand.simulator.payments;

/**
 * What a PaymentIntent says about Connect: a destination charge's {@code transfer_data[destination]} and
 * {@code transfer_data[amount]}, the {@code application_fee_amount} and {@code on_behalf_of}; each null when not
 * given.
 */
public record ConnectTerms(String destination, Long transferAmount, Long applicationFeeAmount,
    String onBehalfOf) {

  /** A PaymentIntent without any of them. */
  public static final ConnectTerms NONE = new ConnectTerms(null, null, null, null);

  /** Whether this is a destination charge. */
  public boolean destinationCharge() {
    return destination != null;
  }

  /** The same terms with another {@code transfer_data[amount]} and {@code application_fee_amount}. */
  ConnectTerms withAmounts(Long newTransferAmount, Long newApplicationFeeAmount) {
    return new ConnectTerms(destination, newTransferAmount, newApplicationFeeAmount, onBehalfOf);
  }
}
