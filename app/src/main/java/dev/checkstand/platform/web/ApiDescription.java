package dev.checkstand.platform.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What the OpenAPI description ({@code /v3/api-docs}, springdoc) says about the service as a whole, and HTTP Basic
 * for the admin routes ({@link DocumentedProblems} puts it on each of them, with the problems every route answers).
 */
@Configuration(proxyBeanMethods = false)
class ApiDescription {

    static final String ADMIN_SECURITY = "admin";

    @Bean
    OpenAPI checkstandApi() {
        return new OpenAPI()
                .info(new Info().title("Checkstand").version("0.1")
                        .description("Checkout to paid order, refunds, fulfillment and the admin API. Money is an "
                                + "integer amount in the currency's smallest unit with a lower-case ISO 4217 code; "
                                + "errors are RFC 9457 problems with a stable `code`. /api/admin/** needs the ADMIN "
                                + "role over HTTP Basic. Every response names its request in `X-Request-Id`."))
                .components(new Components()
                        .addSecuritySchemes(ADMIN_SECURITY, new SecurityScheme().type(SecurityScheme.Type.HTTP)
                                .scheme("basic").description("The admin user (CHECKSTAND_ADMIN_USER/PASSWORD)")));
    }
}
