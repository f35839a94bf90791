package dev.checkstand.simulator.printful;

import static org.assertj.core.api.Assertions.assertThat;

import dev.checkstand.simulator.printful.PrintfulClient.Answer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PrintfulAuthenticationTests {

  private final PrintfulSimulator simulator = PrintfulSimulator.builder().port(0).token("pf_test_token")
      .storeId(42).start();
  private final PrintfulClient printful = PrintfulClient.of(simulator);

  @AfterEach
  void close() {
    simulator.close();
  }

  @Test
  void callsWithoutOrWithAWrongTokenArePrintful401s() {
    Answer missing = printful.withAuthorization(null).get("/orders");
    Answer wrong = printful.withAuthorization("Bearer pf_other").get("/orders");
    Answer basic = printful.withAuthorization("Basic cGY6dGVzdA==").get("/orders");

    for (Answer answer : new Answer[] {missing, wrong, basic}) {
      assertThat(answer.status()).isEqualTo(401);
      assertThat(answer.envelope().get("code").getAsInt()).isEqualTo(401);
      assertThat(answer.envelope().getAsJsonObject("error").get("reason").getAsString()).isEqualTo("Unauthorized");
    }
    assertThat(printful.get("/orders").status()).isEqualTo(200);
  }

  @Test
  void callsWithoutTheStoreOrForAnotherStoreAreRefused() {
    assertThat(printful.withStoreId(null).get("/orders").status()).isEqualTo(400);
    assertThat(printful.withStoreId("43").get("/orders").status()).isEqualTo(404);
    assertThat(printful.post("/orders", PrintfulClient.order("CS-1", PrintfulSimulator.MUG_CLASSIC)).status())
        .isEqualTo(200);
  }

  @Test
  void aboveTheRateLimitCallsGet429WithRetryAfterAndAreCounted() {
    simulator.faults().rateLimit(5);

    for (int i = 0; i < 5; i++) {
      assertThat(printful.get("/orders").status()).isEqualTo(200);
    }
    Answer limited = printful.get("/orders");

    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.envelope().get("code").getAsInt()).isEqualTo(429);
    assertThat(limited.envelope().getAsJsonObject("error").get("reason").getAsString()).isEqualTo("TooManyRequests");
    assertThat(Integer.parseInt(limited.retryAfter())).isBetween(1, 12);
    assertThat(simulator.faults().injected(PrintfulFaults.RATE_LIMITED)).isEqualTo(1);
  }

  @Test
  void printfulsOwnLimitIs120CallsPerMinute() {
    assertThat(simulator.faults().rateLimit()).isEqualTo(120);
    int answered = 0;
    Answer limited = null;
    while (limited == null && answered < 300) {
      Answer answer = printful.get("/store/variants/@MUG-CLASSIC");
      if (answer.status() == 429) {
        limited = answer;
      } else {
        answered++;
      }
    }

    assertThat(answered).isGreaterThanOrEqualTo(120);
    assertThat(limited).isNotNull();
    assertThat(limited.retryAfter()).isNotNull();
  }
}
