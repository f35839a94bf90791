/**
 * Stand-ins for Stripe ({@link dev.checkstand.simulator.StripeSimulator}) and Printful
 * ({@link dev.checkstand.simulator.printful.PrintfulSimulator}) that speak their real HTTP APIs. Seen from the
 * service's module checks it is an open module: the service starts either simulator when no real credentials are
 * configured, whatever package the simulator's entry point lives in.
 */
@ApplicationModule(type = ApplicationModule.Type.OPEN)
package dev.checkstand.simulator;

import org.springframework.modulith.ApplicationModule;
