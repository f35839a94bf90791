/**
 * Customer emails: one per fact — an order paid or, with capture on fulfillment, placed on an authorization
 * ({@code OrderPaid}), a package shipped ({@code ShipmentSent}), a refund succeeded ({@code RefundSucceeded}), a placed
 * order canceled with its authorization released ({@code PlacedOrderCanceled}) —
 * sent at most once per fact even across retries and instances. A listener renders the email and writes it as a row
 * under the fact's unique key, in its own transaction; the row is sent after commit, and again by a job while SMTP
 * refuses, claimed under a lease so that two instances never both send it.
 */
package dev.checkstand.notification;
