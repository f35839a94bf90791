package dev.checkstand.platform.web;

import dev.checkstand.common.LogContext;
import dev.checkstand.common.OrderId;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.AsyncHandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * A request to one order's route ({@code /api/admin/orders/{orderId}/refunds}, {@code /admin/orders/{orderId}},
 * {@code /api/orders/{orderId}/cancel}, ...) logs with that order's id: every admin action and customer request on
 * an order, whatever the controller, and the errors it meets.
 */
@Configuration(proxyBeanMethods = false)
class OrderLogContext implements WebMvcConfigurer, AsyncHandlerInterceptor {

    private static final String SCOPE = OrderLogContext.class.getName() + ".scope";

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> variables
                && variables.get("orderId") instanceof String orderId) {
            try {
                request.setAttribute(SCOPE, LogContext.order(OrderId.of(UUID.fromString(orderId))));
            } catch (IllegalArgumentException notAnId) {
                // The route answers 400 for it; nothing to log with.
            }
        }
        return true;
    }

    @Override
    public void afterConcurrentHandlingStarted(HttpServletRequest request, HttpServletResponse response,
            Object handler) {
        close(request);
    }

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
            Exception failure) {
        close(request);
    }

    private static void close(HttpServletRequest request) {
        if (request.getAttribute(SCOPE) instanceof LogContext.Scope scope) {
            request.removeAttribute(SCOPE);
            scope.close();
        }
    }
}
