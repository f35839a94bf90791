package dev.checkstand.simulator.payments;

import java.util.Arrays;
import java.util.Optional;

/** Stripe's test PaymentMethods ({@code pm_card_visa}, ...) and how charging them ends. */
enum TestCard {
  VISA("pm_card_visa", "visa", "4242", "credit", null),
  VISA_DEBIT("pm_card_visa_debit", "visa", "5556", "debit", null),
  MASTERCARD("pm_card_mastercard", "mastercard", "4444", "credit", null),
  AMEX("pm_card_amex", "amex", "0005", "credit", null),
  REFUND_PENDING_THEN_SUCCEEDS("pm_card_refundAsyncSucceeds", "visa", "7726", "credit", null,
      RefundBehaviour.PENDING_THEN_SUCCEEDS),
  REFUND_SUCCEEDS_THEN_FAILS("pm_card_refundAsyncFails", "visa", "5126", "credit", null,
      RefundBehaviour.SUCCEEDS_THEN_FAILS),
  DECLINED("pm_card_chargeDeclined", "visa", "0002", "credit",
      new Decline("card_declined", "generic_decline", "Your card was declined.")),
  INSUFFICIENT_FUNDS("pm_card_chargeDeclinedInsufficientFunds", "visa", "9995", "credit",
      new Decline("card_declined", "insufficient_funds", "Your card has insufficient funds.")),
  LOST_CARD("pm_card_chargeDeclinedLostCard", "visa", "9987", "credit",
      new Decline("card_declined", "lost_card", "Your card was declined.")),
  STOLEN_CARD("pm_card_chargeDeclinedStolenCard", "visa", "9979", "credit",
      new Decline("card_declined", "stolen_card", "Your card was declined.")),
  EXPIRED_CARD("pm_card_chargeDeclinedExpiredCard", "visa", "0069", "credit",
      new Decline("expired_card", "expired_card", "Your card has expired.")),
  INCORRECT_CVC("pm_card_chargeDeclinedIncorrectCvc", "visa", "0127", "credit",
      new Decline("incorrect_cvc", "incorrect_cvc", "Your card's security code is incorrect.")),
  PROCESSING_ERROR("pm_card_chargeDeclinedProcessingError", "visa", "0119", "credit",
      new Decline("processing_error", "processing_error",
          "An error occurred while processing your card. Try again in a little bit."));

  private final String alias;
  private final String brand;
  private final String last4;
  private final String funding;
  private final Decline decline;
  private final RefundBehaviour refunds;

  /** How refunds of a charge on this card end, as Stripe's refund test cards do. */
  enum RefundBehaviour {
    /** Succeeded at once. */
    SUCCEED,
    /** Pending, then succeeded after the settlement delay (card 4000000000007726). */
    PENDING_THEN_SUCCEEDS,
    /** Succeeded, then failed after the settlement delay (card 4000000000005126). */
    SUCCEEDS_THEN_FAILS
  }

  TestCard(String alias, String brand, String last4, String funding, Decline decline) {
    this(alias, brand, last4, funding, decline, RefundBehaviour.SUCCEED);
  }

  TestCard(String alias, String brand, String last4, String funding, Decline decline,
      RefundBehaviour refunds) {
    this.alias = alias;
    this.brand = brand;
    this.last4 = last4;
    this.funding = funding;
    this.decline = decline;
    this.refunds = refunds;
  }

  RefundBehaviour refunds() {
    return refunds;
  }

  String alias() {
    return alias;
  }

  /** How the hosted pages name this card: brand, last four digits and outcome. */
  String label() {
    String outcome = decline != null ? "declined (" + decline.declineCode() + ")"
        : refunds == RefundBehaviour.PENDING_THEN_SUCCEEDS ? "succeeds; refunds pending, then succeed"
        : refunds == RefundBehaviour.SUCCEEDS_THEN_FAILS ? "succeeds; refunds succeed, then fail"
        : "succeeds";
    return brand + " \u2022\u2022\u2022\u2022 " + last4 + ": " + outcome;
  }

  static Optional<TestCard> byAlias(String alias) {
    return Arrays.stream(values()).filter(card -> card.alias.equals(alias)).findFirst();
  }

  String brand() {
    return brand;
  }

  String last4() {
    return last4;
  }

  String funding() {
    return funding;
  }

  /** How charging this card fails, or empty when it succeeds. */
  Optional<Decline> decline() {
    return Optional.ofNullable(decline);
  }
}
