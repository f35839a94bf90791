package dev.checkstand.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;

@ExtendWith(OutputCaptureExtension.class)
class ProblemResponsesTests {

    private final Logger logger = (Logger) LoggerFactory.getLogger(ProblemResponses.class);
    private Level levelBefore;

    @BeforeEach
    void atInfo() {
        levelBefore = logger.getLevel();
        logger.setLevel(Level.INFO);
    }

    @AfterEach
    void restoreLevel() {
        logger.setLevel(levelBefore);
    }

    @Test
    void anUnexpectedErrorIsOneLogLineNamingTheErrorIdTheProblemCarries(CapturedOutput output) {
        RuntimeException failure = new IllegalStateException("customer line1: 1 High Street",
                new RuntimeException("Failing row contains (alice@example.com)"));

        ResponseEntity<ProblemDetail> response = new ProblemResponses()
                .unexpected(failure, new MockHttpServletRequest("POST", "/api/create-payment-intent"));

        assertThat(response.getStatusCode().value()).isEqualTo(500);
        String errorId = (String) response.getBody().getProperties().get("errorId");
        assertThat(errorId).isNotBlank();
        assertThat(response.getBody().getProperties()).containsEntry("code", "internal_error");
        assertThat(output.getOut().lines().filter(line -> line.contains("ProblemResponses") || line.contains(errorId)))
                .singleElement().satisfies(line -> assertThat(line).contains(errorId, "IllegalStateException"));
        assertThat(output.getOut()).doesNotContain("High Street", "alice@example.com", "\tat ");
    }

    @Test
    void aDatabaseConstraintRefusingTheInputIsAClientError() {
        ProblemResponses responses = new ProblemResponses();

        ResponseEntity<ProblemDetail> check = responses.refusedByDatabase(
                new DataIntegrityViolationException("new row violates check constraint"));
        ResponseEntity<ProblemDetail> duplicate = responses.refusedByDatabase(
                new DuplicateKeyException("duplicate key value violates unique constraint"));

        assertThat(check.getStatusCode().value()).isEqualTo(400);
        assertThat(check.getBody().getProperties()).containsEntry("code", "invalid_request");
        assertThat(duplicate.getStatusCode().value()).isEqualTo(409);
        assertThat(duplicate.getBody().getProperties()).containsEntry("code", "conflict");
    }

    @Test
    void textPostgresCannotStoreIsRecognised() {
        assertThat(StorableText.storable("Zoë 🙂 Straße")).isTrue();
        assertThat(StorableText.storable("a\0b")).isFalse();
        assertThat(StorableText.storable("a\ud800")).isFalse();
        assertThat(StorableText.storable("\udc00a")).isFalse();
        assertThat(StorableText.storable("\ud83d\ude42\ud800")).isFalse();
        assertThat(StorableText.storable("line one\r\nline two\tand a tab")).isTrue();
        assertThat(StorableText.storable("Mug\u0007")).isFalse();
        assertThat(StorableText.storable("\u001b[2Jcleared")).isFalse();
        assertThat(StorableText.storable("a\u007fb")).isFalse();
        assertThat(StorableText.storable("a\u009bb")).isFalse();
    }
}
