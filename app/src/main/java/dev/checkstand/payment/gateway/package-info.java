/**
 * The payment module's second face: the payment provider as a port (calls answered with {@link
 * dev.checkstand.payment.gateway.GatewayResult}), the snapshots of Stripe's objects it answers with, and readers of
 * those objects in event payloads, for the modules that talk to Stripe about refunds and reconciliation.
 */
@org.springframework.modulith.NamedInterface("gateway")
package dev.checkstand.payment.gateway;
