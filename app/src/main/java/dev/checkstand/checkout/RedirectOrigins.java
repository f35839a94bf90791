package dev.checkstand.checkout;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Where a Checkout Session may send the customer back to: absolute {@code http}/{@code https} URLs whose origin
 * (scheme, host, port) is one of a known set. Strict on purpose: anything a browser could read as another host
 * (user info, a missing scheme, characters a URI may not hold) is refused.
 */
final class RedirectOrigins {

    // Stripe fills this in with the session's id; the braces are not allowed in a URI, so it is parsed as plain text.
    private static final String SESSION_PLACEHOLDER = "{CHECKOUT_SESSION_ID}";

    private final Set<String> origins;

    private RedirectOrigins(Set<String> origins) {
        this.origins = Set.copyOf(origins);
    }

    static RedirectOrigins of(Set<String> origins) {
        return new RedirectOrigins(origins);
    }

    /** Whether {@code url} is an absolute http(s) URL on one of the origins. */
    boolean allow(String url) {
        return originOf(url).filter(origins::contains).isPresent();
    }

    /**
     * The origin of a configured origin ({@code https://shop.example}, optionally with a trailing slash), normalized
     * ({@code scheme://host[:port]}, lower case, default port left out); anything else is refused naming
     * {@code variable}.
     */
    static String parseOrigin(String value, String variable) {
        Optional<URI> uri = parse(value);
        String path = uri.map(URI::getRawPath).orElse(null);
        if (uri.isEmpty() || (path != null && !path.isEmpty() && !path.equals("/")) || uri.get().getRawQuery() != null
                || uri.get().getRawFragment() != null) {
            throw new IllegalArgumentException(variable + ": '" + value
                    + "' is not an origin; write it as http(s)://host[:port], e.g. https://shop.example");
        }
        return origin(uri.get());
    }

    /**
     * The origin of an absolute http(s) URL whose parts are all where they look to be, normalized as
     * {@link #parseOrigin}; empty for anything else.
     */
    static Optional<String> originOf(String url) {
        return parse(url).map(RedirectOrigins::origin);
    }

    private static Optional<URI> parse(String url) {
        if (url == null) {
            return Optional.empty();
        }
        URI uri;
        try {
            uri = new URI(url.replace(SESSION_PLACEHOLDER, "CHECKOUT_SESSION_ID"));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || uri.isOpaque() || !(scheme.equals("http") || scheme.equals("https"))
                || uri.getRawUserInfo() != null || uri.getHost() == null || uri.getHost().isEmpty()
                || uri.getHost().endsWith(".")) {
            return Optional.empty();
        }
        return Optional.of(uri);
    }

    private static String origin(URI uri) {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int defaultPort = scheme.equals("https") ? 443 : 80;
        int port = uri.getPort();
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        return scheme + "://" + host + (port == -1 || port == defaultPort ? "" : ":" + port);
    }
}
