package dev.checkstand.common;

/** Links from elsewhere (a provider's tracking URL) that may be shown to people: only http(s) ones. */
public final class WebLinks {

    private WebLinks() {
    }

    /** The URL when it is an http or https one; null otherwise (a {@code javascript:} link, say). */
    public static String httpOrNull(String url) {
        return url != null && (url.startsWith("https://") || url.startsWith("http://")) ? url : null;
    }
}
