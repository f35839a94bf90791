/**
 * Shipping: what an order pays for delivery, in its own currency and for its destination. The admin's rules (per
 * currency and zone of countries: a flat amount, optionally free above a subtotal, or a rate quoted from Printful with a
 * fallback amount) price the storefront's quotes and every checkout the same way; each order keeps the quote it was
 * charged. A cart whose currency or destination no rule covers is refused, never charged another currency's number.
 */
package dev.checkstand.shipping;
