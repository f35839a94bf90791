package dev.checkstand.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A caller's request id is kept when it is a sane token, and replaced by a new one otherwise. */
class RequestLogContextTests {

    @Test
    void aSaneRequestIdIsKept() {
        assertThat(RequestLogContext.requestId("abc-123_X.y")).isEqualTo("abc-123_X.y");
        assertThat(RequestLogContext.requestId("a".repeat(64))).isEqualTo("a".repeat(64));
    }

    @Test
    void anythingElseIsReplacedByANewId() {
        for (String offered : new String[] {null, "", "a".repeat(65), "two words", "line\nbreak", "quote\"d",
                "{\"json\":1}", "ünïcode"}) {
            assertThat(RequestLogContext.requestId(offered)).as(String.valueOf(offered)).matches("[0-9a-f-]{36}");
        }
    }
}
