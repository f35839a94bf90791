package dev.checkstand.platform.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Caps request bodies ({@code checkstand.web.max-body-bytes}, 256 KiB by default): a declared length over the cap
 * is answered 413 at once, and a chunked body is cut off when it passes the cap. Reading a body may take
 * {@code checkstand.web.body-read-timeout} (20 s) in all: a body trickling in beyond that is cut off (408), however
 * regularly its bytes come. Tomcat's own read timeout ({@code server.tomcat.connection-timeout}) bounds each wait
 * for a byte, so a body ends at most that much after its deadline.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class RequestBodyLimit extends OncePerRequestFilter {

    private final long limit;
    private final Duration timeout;
    private final Clock clock;

    RequestBodyLimit(WebSettings settings, Clock clock) {
        this.limit = settings.maxBodyBytes();
        this.timeout = settings.bodyReadTimeout();
        this.clock = clock;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > limit) {
            response.setStatus(413);
            response.setContentType("application/problem+json");
            response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"Request body too large\",\"status\":413,"
                    + "\"code\":\"invalid_request\",\"detail\":\"The request body is larger than " + limit + " bytes\","
                    + "\"errors\":[{\"field\":\"body\",\"message\":\"larger than " + limit + " bytes\"}]}");
            return;
        }
        chain.doFilter(new Limited(request, limit, new Deadline(request, clock, clock.instant().plus(timeout), timeout)),
                response);
    }

    private static final class Limited extends HttpServletRequestWrapper {

        private final long limit;
        private final Deadline deadline;
        private ServletInputStream stream;

        Limited(HttpServletRequest request, long limit, Deadline deadline) {
            super(request);
            this.limit = limit;
            this.deadline = deadline;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new CountingStream(super.getInputStream(), limit, deadline);
            }
            return stream;
        }
    }

    private static final class CountingStream extends ServletInputStream {

        private final ServletInputStream delegate;
        private final long limit;
        private final Deadline deadline;
        private long count;

        CountingStream(ServletInputStream delegate, long limit, Deadline deadline) {
            this.delegate = delegate;
            this.limit = limit;
            this.deadline = deadline;
        }

        @Override
        public int read() throws IOException {
            deadline.check();
            int b = delegate.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            deadline.check();
            int n = delegate.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws IOException {
            deadline.check();
            count += n;
            if (count > limit) {
                throw new RequestBodyTooLarge(limit);
            }
        }

        @Override
        public boolean isFinished() {
            return delegate.isFinished();
        }

        @Override
        public boolean isReady() {
            return delegate.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            delegate.setReadListener(listener);
        }
    }

    private record Deadline(HttpServletRequest request, Clock clock, Instant at, Duration timeout) {

        void check() throws RequestBodyTimeout {
            if (clock.instant().isAfter(at)) {
                request.setAttribute(AbandonedBodyValve.ABANDONED, Boolean.TRUE);
                throw new RequestBodyTimeout(timeout);
            }
        }
    }
}
