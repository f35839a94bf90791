package dev.checkstand.platform.web;

/**
 * Text PostgreSQL can store and a person could have typed: no NUL character, no unpaired UTF-16 surrogate (which has
 * no UTF-8 form), and no other control character but tab, line feed and carriage return (a bell or an escape sequence
 * in a name or an address is an attack on whoever displays it, never data). Every string a request brings in — JSON
 * fields, query and form parameters, path variables, headers — is checked at the web edge against this, so such text
 * is a 400 naming the field instead of a database error or a poisoned page.
 */
final class StorableText {

    static final String REFUSAL = "contains a character that cannot be stored (NUL, a control character or an unpaired "
            + "surrogate)";

    private StorableText() {
    }

    static boolean storable(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r') {
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
