/**
 * Reconciliation: catching up with Stripe's Events API from a stored cursor, re-reading stale pending orders, and
 * auditing local state against Stripe.
 */
package dev.checkstand.reconciliation;
