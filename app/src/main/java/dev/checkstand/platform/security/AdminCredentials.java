package dev.checkstand.platform.security;

import java.security.SecureRandom;

/** The admin user and password in force; {@code generated} says the password was made up at this start. */
public record AdminCredentials(String user, String password, boolean generated) {

    private static final char[] ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();

    static AdminCredentials from(AdminProperties properties) {
        if (properties.user() == null || properties.user().isBlank()) {
            throw new IllegalStateException("CHECKSTAND_ADMIN_USER must not be blank");
        }
        if (properties.password() != null && !properties.password().isEmpty()) {
            return new AdminCredentials(properties.user(), properties.password(), false);
        }
        SecureRandom random = new SecureRandom();
        char[] password = new char[24];
        for (int i = 0; i < password.length; i++) {
            password[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return new AdminCredentials(properties.user(), new String(password), true);
    }

    @Override
    public String toString() {
        return "AdminCredentials[user=" + user + ", generated=" + generated + "]";
    }
}
