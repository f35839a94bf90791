package dev.checkstand.simulator.payments;

/** How a payment attempt made for a customer ended: the PaymentIntent's status, and the error shown when it failed. */
public record Attempt(String status, String errorMessage) {

  /** Whether money moved or will move without more customer action (succeeded, requires_capture or processing). */
  public boolean completed() {
    return status.equals("succeeded") || status.equals("requires_capture") || status.equals("processing");
  }
}
