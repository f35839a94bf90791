package dev.checkstand;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.modulith.Modulithic;

/** Checkstand: the checkout-to-order service between a storefront and Stripe. */
@SpringBootApplication
@ConfigurationPropertiesScan
@Modulithic(sharedModules = "common")
public class CheckstandApplication {

    public static void main(String[] args) {
        SpringApplication.run(CheckstandApplication.class, args);
    }
}
