package dev.checkstand.platform;

import dev.checkstand.platform.security.AdminCredentials;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * One banner at start-up: where the service is, the lines modules add (where Stripe is), and the admin login (a
 * generated password once).
 */
@Component
class StartupBanner implements ApplicationListener<ApplicationReadyEvent> {

    private static final Logger log = LoggerFactory.getLogger(StartupBanner.class);

    private final List<StartupLine> lines;
    private final AdminCredentials admin;

    StartupBanner(List<StartupLine> lines, AdminCredentials admin) {
        this.lines = lines;
        this.admin = admin;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        int port = event.getApplicationContext() instanceof WebServerApplicationContext web && web.getWebServer() != null
                ? web.getWebServer().getPort() : -1;
        String password = admin.generated() ? admin.password() + "   (generated for this run; set CHECKSTAND_ADMIN_PASSWORD to fix it)"
                : "(from CHECKSTAND_ADMIN_PASSWORD)";
        StringBuilder modules = new StringBuilder();
        lines.forEach(line -> modules.append(String.format("  %-11s %s%n", line.label() + ":", line.value())));
        log.info("""

                ================================ Checkstand is running ================================
                  Service:    http://localhost:{}
                {}  Admin:      user {} / password {}
                ========================================================================================""",
                port, modules, admin.user(), password);
    }
}
