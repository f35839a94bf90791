package dev.checkstand.platform.web;

import dev.checkstand.common.InvalidRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Collections;
import java.util.Map;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Refuses, before any handler runs, a request whose query or form parameters, path variables or headers hold text
 * PostgreSQL cannot store: 400 {@code invalid_request} naming the parameter, variable or header. JSON bodies are
 * checked as they are read ({@link StrictJson}).
 */
@Configuration(proxyBeanMethods = false)
class StorableInput implements WebMvcConfigurer, HandlerInterceptor {

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        request.getParameterMap().forEach((name, values) -> {
            for (String value : values) {
                check(name, value);
            }
        });
        if (request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> variables) {
            variables.forEach((name, value) -> check(String.valueOf(name), String.valueOf(value)));
        }
        for (String name : Collections.list(request.getHeaderNames())) {
            for (String value : Collections.list(request.getHeaders(name))) {
                check(name, value);
            }
        }
        return true;
    }

    private static void check(String name, String value) {
        if (!StorableText.storable(name)) {
            throw InvalidRequest.of("request", StorableText.REFUSAL);
        }
        if (value != null && !StorableText.storable(value)) {
            throw InvalidRequest.of(name, StorableText.REFUSAL);
        }
    }
}
