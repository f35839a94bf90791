package dev.checkstand.platform.web;

/**
 * Text PostgreSQL can store: no NUL character and no unpaired UTF-16 surrogate (which has no UTF-8 form). Every
 * string a request brings in — JSON fields, query and form parameters, path variables, headers — is checked at the
 * web edge against this, so such text is a 400 naming the field instead of a database error.
 */
final class StorableText {

    static final String REFUSAL = "contains a character that cannot be stored (NUL or an unpaired surrogate)";

    private StorableText() {
    }

    static boolean storable(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\0') {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return false;
                }
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
