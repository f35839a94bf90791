package dev.checkstand.simulator.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestCardNumbersTests {

  private final Map<String, String> table = TestCardNumbers.aliasesByNumber();

  @Test
  void theCardsACheckoutPageTestsWithMapToTheirPaymentMethods() {
    assertThat(table).contains(
        entry("4242424242424242", "pm_card_visa"),
        entry("5555555555554444", "pm_card_mastercard"),
        entry("4000000000000002", "pm_card_chargeDeclined"),
        entry("4000000000009995", "pm_card_chargeDeclinedInsufficientFunds"),
        entry("4000002500003155", "pm_card_authenticationRequired"),
        entry("4000002760003184", "pm_card_authenticationRequired"),
        entry("4000000000003220", "pm_card_threeDSecure2Required"));
  }

  @Test
  void everyNumberPassesTheLuhnCheckAndEndsInItsMethodsLast4() {
    table.forEach((number, alias) -> {
      TestPaymentMethod card = TestPaymentMethod.byAlias(alias).orElseThrow();
      assertThat(luhn(number)).as(number).isTrue();
      assertThat(card.type()).as(alias).isEqualTo("card");
      if (!number.equals("4000002760003184")) {
        assertThat(number).as(alias).endsWith(card.last4());
      }
    });
  }

  @Test
  void everyTestCardTheSimulatorKnowsCanBeTyped() {
    assertThat(Arrays.stream(TestPaymentMethod.values()).filter(method -> method.type().equals("card"))
        .map(TestPaymentMethod::alias)).allMatch(table::containsValue);
  }

  private static boolean luhn(String number) {
    int sum = 0;
    for (int i = 0; i < number.length(); i++) {
      int digit = number.charAt(number.length() - 1 - i) - '0';
      if (i % 2 == 1) {
        digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
      }
      sum += digit;
    }
    return sum % 10 == 0;
  }
}
