package dev.checkstand.platform.web;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Tomcat settings of the web edge that no {@code server.tomcat.*} property covers. */
@Configuration(proxyBeanMethods = false)
class WebConfiguration {

    // On the engine, outside the host's error page handling, which would otherwise take the closing for an error.
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> abandonedBodies() {
        return factory -> factory.addEngineValves(new AbandonedBodyValve());
    }
}
