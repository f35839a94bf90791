package dev.checkstand.inbox;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * The webhook routes' usual answer, given before Spring Security and MVC: a delivery that is verified and stored is
 * acknowledged with fixed bytes from here, its body read once as raw bytes. Providers send many deliveries and a
 * public route needs none of what the security chain and MVC add around it (half of a delivery's CPU, measured).
 * Everything else is passed on to {@link WebhookController} with the body already read, which answers it as the API
 * describes — a refusal (bad signature, not an event, Printful's unknown secret), a body that could not be read (too
 * large, too slow), a database that did not answer — and logs and counts it there. So the routes answer exactly as
 * before; this only takes the common case the short way. Registered for the three routes' paths only
 * ({@code checkstand.webhooks.direct}, on by default).
 */
final class DirectWebhooks extends OncePerRequestFilter {

    static final String STRIPE = "/api/payments/webhook";
    static final String STRIPE_CONNECT = "/api/payments/webhook/connect";
    static final String PRINTFUL = "/api/printful/webhook/";

    private static final Logger log = LoggerFactory.getLogger(DirectWebhooks.class);
    private static final byte[] STORED = "{\"received\":true,\"duplicate\":false}".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DUPLICATE = "{\"received\":true,\"duplicate\":true}".getBytes(StandardCharsets.US_ASCII);

    private final WebhookReceipt receipt;
    private final InboxProcessor processor;

    DirectWebhooks(WebhookReceipt receipt, InboxProcessor processor) {
        this.receipt = receipt;
        this.processor = processor;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Route route = "POST".equals(request.getMethod()) ? route(request) : null;
        if (route == null) {
            chain.doFilter(request, response);
            return;
        }
        byte[] body;
        try {
            body = request.getInputStream().readAllBytes();
        } catch (IOException e) {
            chain.doFilter(new ReadAgain(request, null, e), response);
            return;
        }
        Optional<WebhookReceipt.Received> received;
        try {
            received = receipt.receiveIfValid(route.source(), new String(body, StandardCharsets.UTF_8),
                    route.credential());
        } catch (RuntimeException e) {
            // Nothing stored (or stored and not acknowledged, which a redelivery finds a duplicate): the controller
            // tries once more and answers the failure as the API says.
            log.debug("A {} webhook was not stored on the direct path, passed on: {}", route.source(), e.toString());
            received = Optional.empty();
        }
        if (received.isEmpty()) {
            chain.doFilter(new ReadAgain(request, body, null), response);
            return;
        }
        if (received.get().isNew()) {
            processor.processSoon(received.get().storedId());
        }
        // Spring Boot's request observation (http_server_requests) runs before this filter: it gets the route that MVC
        // would have named.
        ServerHttpObservationFilter.findObservationContext(request)
                .ifPresent(context -> context.setPathPattern(route.pattern()));
        byte[] answer = received.get().isNew() ? STORED : DUPLICATE;
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("application/json");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setContentLength(answer.length);
        response.getOutputStream().write(answer);
    }

    // The route and what proves the sender: Stripe's signature header, or Printful's secret (one path segment).
    private static Route route(HttpServletRequest request) {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        if (path.equals(STRIPE)) {
            return new Route("stripe", request.getHeader("Stripe-Signature"), STRIPE);
        }
        if (path.equals(STRIPE_CONNECT)) {
            return new Route("stripe-connect", request.getHeader("Stripe-Signature"), STRIPE_CONNECT);
        }
        if (path.startsWith(PRINTFUL) && path.length() > PRINTFUL.length()
                && path.indexOf('/', PRINTFUL.length()) < 0) {
            return new Route("printful", path.substring(PRINTFUL.length()), PRINTFUL + "{secret}");
        }
        return null;
    }

    private record Route(String source, String credential, String pattern) {
    }

    /** The request as it came, its body read again from the bytes taken (or failing as reading it failed). */
    private static final class ReadAgain extends HttpServletRequestWrapper {

        private final byte[] body;
        private final IOException failure;

        ReadAgain(HttpServletRequest request, byte[] body, IOException failure) {
            super(request);
            this.body = body;
            this.failure = failure;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (failure != null) {
                throw failure;
            }
            ByteArrayInputStream bytes = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return bytes.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return bytes.read(buffer, offset, length);
                }

                @Override
                public boolean isFinished() {
                    return bytes.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body is already read");
                }
            };
        }

        @Override
        public BufferedReader getReader() throws IOException {
            String encoding = getCharacterEncoding();
            return new BufferedReader(new InputStreamReader(getInputStream(),
                    encoding == null ? StandardCharsets.UTF_8 : java.nio.charset.Charset.forName(encoding)));
        }
    }
}
