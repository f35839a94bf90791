package dev.checkstand.checkout;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * The HTTP port this instance listens on, once the server has started (8080 before): the service's own pages are at
 * {@code http://localhost:<port>} unless {@code CHECKSTAND_PUBLIC_URL} says where they are — also when the port was
 * chosen at random ({@code SERVER_PORT=0}).
 */
@Component
class LocalPort implements ApplicationListener<WebServerInitializedEvent> {

    private volatile int port = 8080;

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        if (event.getApplicationContext().getServerNamespace() == null) { // the application's server, not a management one
            port = event.getWebServer().getPort();
        }
    }

    int get() {
        return port;
    }
}
