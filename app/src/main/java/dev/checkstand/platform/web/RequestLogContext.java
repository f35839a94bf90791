package dev.checkstand.platform.web;

import dev.checkstand.common.LogContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request an id that its log lines carry ({@code requestId} in the MDC) and that its response names
 * ({@code X-Request-Id}): the caller's own when it sent a sane one (a proxy's, a load balancer's), so one request can
 * be followed through several systems, otherwise a new one. Runs before everything else, so even a refusal by
 * the body limit or by security answers with the id.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestLogContext extends OncePerRequestFilter {

    static final String HEADER = "X-Request-Id";

    // Anything else (too long, spaces, quotes, control characters) could forge or break log lines: replaced.
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String requestId = requestId(request.getHeader(HEADER));
        response.setHeader(HEADER, requestId);
        try (LogContext.Scope scope = LogContext.request(requestId)) {
            chain.doFilter(request, response);
        }
    }

    /** The caller's id when it is a token of at most 64 characters of {@code [A-Za-z0-9._-]}; a new one otherwise. */
    static String requestId(String offered) {
        return offered != null && SANE.matcher(offered).matches() ? offered : UUID.randomUUID().toString();
    }
}
