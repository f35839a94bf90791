package dev.checkstand.platform.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * Answers unauthenticated admin requests with a 401 problem and a Basic challenge, and throttled sign-ins with a 429
 * problem ({@code too_many_attempts}) saying in {@code Retry-After} when to try again.
 */
final class ProblemAuthenticationEntryPoint implements AuthenticationEntryPoint {

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        if (e instanceof TooManyAttempts throttled) {
            response.setHeader("Retry-After", Long.toString(throttled.retryAfterSeconds()));
            write(response, HttpStatus.TOO_MANY_REQUESTS, "too_many_attempts",
                    "Too many failed sign-ins; try again after the Retry-After delay");
            return;
        }
        response.setHeader("WWW-Authenticate", "Basic realm=\"checkstand\"");
        write(response, HttpStatus.UNAUTHORIZED, "unauthorized", "Admin credentials are required");
    }

    static void write(HttpServletResponse response, HttpStatus status, String code, String detail) throws IOException {
        response.setStatus(status.value());
        response.setContentType("application/problem+json");
        response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"" + status.getReasonPhrase() + "\",\"status\":"
                + status.value() + ",\"code\":\"" + code + "\",\"detail\":\"" + detail + "\"}");
    }
}
