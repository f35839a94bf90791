/**
 * Payments: attempts (the PaymentIntent and Checkout Session link to orders, with a guarded status), the one
 * transition that applies a payment outcome, cancellation and recovery at Stripe, and the Stripe gateway (its port
 * is the {@code gateway} named interface; its adapter is internal). Payments to be returned are announced as events.
 */
package dev.checkstand.payment;
