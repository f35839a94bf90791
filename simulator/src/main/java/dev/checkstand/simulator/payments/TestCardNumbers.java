package dev.checkstand.simulator.payments;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stripe's test card numbers that the simulator knows, each with the test PaymentMethod it stands for. A customer
 * types a number into the Stripe.js stand-in; the simulator has no raw card numbers, so the stand-in confirms with
 * the matching alias ({@code 4242424242424242} → {@code pm_card_visa}).
 */
public final class TestCardNumbers {

  private static final Map<String, TestPaymentMethod> CARDS = cards();

  private TestCardNumbers() {}

  /** Card number (digits only) to test PaymentMethod alias, in display order. */
  public static Map<String, String> aliasesByNumber() {
    Map<String, String> aliases = new LinkedHashMap<>();
    CARDS.forEach((number, card) -> aliases.put(number, card.alias()));
    return Collections.unmodifiableMap(aliases);
  }

  private static Map<String, TestPaymentMethod> cards() {
    Map<String, TestPaymentMethod> cards = new LinkedHashMap<>();
    cards.put("4242424242424242", TestPaymentMethod.VISA);
    cards.put("4000056655665556", TestPaymentMethod.VISA_DEBIT);
    cards.put("5555555555554444", TestPaymentMethod.MASTERCARD);
    cards.put("378282246310005", TestPaymentMethod.AMEX);
    cards.put("4000000000003220", TestPaymentMethod.THREE_D_SECURE_2);
    cards.put("4000002500003155", TestPaymentMethod.AUTHENTICATION_REQUIRED);
    // Stripe's "always authenticate" card; the simulator has one authentication-required method (last4 3155).
    cards.put("4000002760003184", TestPaymentMethod.AUTHENTICATION_REQUIRED);
    cards.put("4000000000000002", TestPaymentMethod.DECLINED);
    cards.put("4000000000009995", TestPaymentMethod.INSUFFICIENT_FUNDS);
    cards.put("4000000000009987", TestPaymentMethod.LOST_CARD);
    cards.put("4000000000009979", TestPaymentMethod.STOLEN_CARD);
    cards.put("4000000000000069", TestPaymentMethod.EXPIRED_CARD);
    cards.put("4000000000000127", TestPaymentMethod.INCORRECT_CVC);
    cards.put("4000000000000119", TestPaymentMethod.PROCESSING_ERROR);
    cards.put("4000000000007726", TestPaymentMethod.REFUND_PENDING_THEN_SUCCEEDS);
    cards.put("4000000000005126", TestPaymentMethod.REFUND_SUCCEEDS_THEN_FAILS);
    return Collections.unmodifiableMap(cards);
  }
}
