package dev.checkstand.payment.stripe;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** The built-in simulator's port ({@code CHECKSTAND_SIMULATOR_PORT}, 0 = any free port) and the service's public URL. */
@ConfigurationProperties("checkstand.simulator")
record SimulatorProperties(@DefaultValue("12111") int port, String publicUrl) {
}
