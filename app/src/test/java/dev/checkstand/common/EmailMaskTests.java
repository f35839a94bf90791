package dev.checkstand.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EmailMaskTests {

    @Test
    void anAddressKeepsItsFirstCharacterAndItsDomain() {
        assertThat(EmailMask.of("alice@example.com")).isEqualTo("a***@example.com");
        assertThat(EmailMask.of("not an address")).isEqualTo("***");
        assertThat(EmailMask.of("@example.com")).isEqualTo("***");
    }

    @Test
    void everyAddressInAMessageIsMasked() {
        assertThat(EmailMask.in("550 5.1.1 <jane.doe+shop@mail.example.org>: Recipient address rejected; cc"
                + " bob@example.com"))
                .isEqualTo("550 5.1.1 <j***@mail.example.org>: Recipient address rejected; cc b***@example.com")
                .doesNotContain("jane.doe", "bob@");
        assertThat(EmailMask.in("Invalid email address: o'brien@example.co.uk")).isEqualTo(
                "Invalid email address: o***@example.co.uk");
        assertThat(EmailMask.in("nothing to mask here")).isEqualTo("nothing to mask here");
        assertThat(EmailMask.in(null)).isNull();
    }
}
