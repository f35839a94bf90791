package dev.checkstand.payment;

/** Where the service's Stripe is: its API base URL, and whether it is the built-in simulator. */
public record PaymentProvider(String apiBase, boolean simulated) {
}
