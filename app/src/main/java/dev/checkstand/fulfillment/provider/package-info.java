/**
 * The fulfillment module's second face: the print-on-demand provider as a port ({@link
 * dev.checkstand.fulfillment.provider.FulfillmentProvider}), the values it takes and answers with, and the failure
 * its calls end in, for the modules that ask the provider for shipping rates.
 */
@org.springframework.modulith.NamedInterface("provider")
package dev.checkstand.fulfillment.provider;
