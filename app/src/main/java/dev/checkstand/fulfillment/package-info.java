/**
 * Fulfillment at the print-on-demand provider (Printful): one provider order per paid order, keyed by the order
 * number as {@code external_id} (Printful has no idempotency header). {@code OrderPaid} starts it through the event
 * publication registry; a worker makes the calls under a lease, reading before it repeats a call whose answer was
 * lost, through one rate-limited client; items without a Printful variant block it until an admin sets one.
 * Printful's webhooks come through the inbox and are only a hint: the order is re-read and applied forward only,
 * every package once ({@link dev.checkstand.fulfillment.ShipmentSent}). A full refund cancels what production has not
 * begun, and flags what it has.
 */
package dev.checkstand.fulfillment;
