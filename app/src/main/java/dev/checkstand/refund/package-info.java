/**
 * Refunds: an admin's refund requests (never more than was received, invariant 4), automatic refunds of payments
 * that must go back (duplicates, payments after cancel), the calls to Stripe with their idempotency keys and their
 * recovery, and what Stripe says of refunds — ours, and those made in its dashboard. Refunds of one order are decided
 * one at a time, under a lock of this module's own.
 */
package dev.checkstand.refund;
