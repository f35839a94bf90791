/**
 * Marketplace sellers on Stripe Connect: each seller's Express connected account, its onboarding, what Stripe says it
 * may do (kept from {@code account.updated} on the Connect endpoint and re-read when stale or about to charge), and
 * each seller's share of its orders (the application fee kept, the transfer Stripe made and reversed).
 */
package dev.checkstand.seller;
