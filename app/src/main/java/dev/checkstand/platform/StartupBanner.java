package dev.checkstand.platform;

import dev.checkstand.payment.PaymentProvider;
import dev.checkstand.platform.security.AdminCredentials;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/** One banner at start-up: where the service and Stripe are, and the admin login (a generated password once). */
@Component
class StartupBanner implements ApplicationListener<ApplicationReadyEvent> {

    private static final Logger log = LoggerFactory.getLogger(StartupBanner.class);

    private final PaymentProvider stripe;
    private final AdminCredentials admin;

    StartupBanner(PaymentProvider stripe, AdminCredentials admin) {
        this.stripe = stripe;
        this.admin = admin;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        int port = event.getApplicationContext() instanceof WebServerApplicationContext web && web.getWebServer() != null
                ? web.getWebServer().getPort() : -1;
        String password = admin.generated() ? admin.password() + "   (generated for this run; set CHECKSTAND_ADMIN_PASSWORD to fix it)"
                : "(from CHECKSTAND_ADMIN_PASSWORD)";
        log.info("""

                ================================ Checkstand is running ================================
                  Service:    http://localhost:{}
                  Stripe:     {}{}
                  Admin:      user {} / password {}
                ========================================================================================""",
                port, stripe.apiBase(), stripe.simulated() ? "   (built-in simulator)" : "",
                admin.user(), password);
    }
}
