package dev.checkstand.common;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Email addresses as they may be shown where the full address must not be: customer views and log lines.
 * {@code alice@example.com} becomes {@code a***@example.com}.
 */
public final class EmailMask {

    // Loose on purpose: anything address-like in a provider's or a mail server's message is masked.
    private static final Pattern ADDRESS = Pattern.compile("([A-Za-z0-9._%+'-])[A-Za-z0-9._%+'-]*@([A-Za-z0-9.-]+)");

    private EmailMask() {
    }

    /** The address with all of its local part but the first character masked; {@code ***} for a non-address. */
    public static String of(String email) {
        int at = email == null ? -1 : email.indexOf('@');
        if (at <= 0) {
            return "***";
        }
        return email.charAt(0) + "***" + email.substring(at);
    }

    /** {@code text} with every address in it masked (a mail server quoting the recipient); null stays null. */
    public static String in(String text) {
        if (text == null || text.indexOf('@') < 0) {
            return text;
        }
        Matcher matcher = ADDRESS.matcher(text);
        StringBuilder masked = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(masked, Matcher.quoteReplacement(matcher.group(1) + "***@" + matcher.group(2)));
        }
        return matcher.appendTail(masked).toString();
    }
}
