package dev.checkstand.platform.web;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What the OpenAPI description ({@code /v3/api-docs}, springdoc) says about the service as a whole. */
@Configuration(proxyBeanMethods = false)
class ApiDescription {

    @Bean
    OpenAPI checkstandApi() {
        return new OpenAPI()
                .info(new Info().title("Checkstand").version("0.1")
                        .description("Checkout to paid order, refunds, fulfillment and the admin API. Money is an "
                                + "integer amount in the currency's smallest unit with a lower-case ISO 4217 code; "
                                + "errors are RFC 9457 problems with a stable `code`. /api/admin/** needs the ADMIN "
                                + "role over HTTP Basic."))
                .schemaRequirement("admin", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic"))
                .addSecurityItem(new SecurityRequirement().addList("admin"));
    }
}
