/**
 * Payments: attempts (the PaymentIntent and Checkout Session link to orders), the one transition that applies a
 * payment outcome, the Stripe gateway, and the webhook inbox.
 */
package dev.checkstand.payment;
