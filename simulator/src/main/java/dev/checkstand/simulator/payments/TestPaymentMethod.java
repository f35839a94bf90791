package dev.checkstand.simulator.payments;

import java.util.Arrays;
import java.util.Optional;

/** Stripe's test PaymentMethods ({@code pm_card_visa}, {@code pm_usBankAccount_success}, ...) and how paying with them goes. */
enum TestPaymentMethod {
  VISA("pm_card_visa", "visa", "4242", "credit"),
  VISA_DEBIT("pm_card_visa_debit", "visa", "5556", "debit"),
  MASTERCARD("pm_card_mastercard", "mastercard", "4444", "credit"),
  AMEX("pm_card_amex", "amex", "0005", "credit"),
  THREE_D_SECURE_2("pm_card_threeDSecure2Required", "visa", "3220", "credit", Flow.AUTHENTICATE, null),
  AUTHENTICATION_REQUIRED("pm_card_authenticationRequired", "visa", "3155", "credit",
      Flow.AUTHENTICATE, null),
  REFUND_PENDING_THEN_SUCCEEDS("pm_card_refundAsyncSucceeds", "visa", "7726", "credit",
      RefundBehaviour.PENDING_THEN_SUCCEEDS),
  REFUND_SUCCEEDS_THEN_FAILS("pm_card_refundAsyncFails", "visa", "5126", "credit",
      RefundBehaviour.SUCCEEDS_THEN_FAILS),
  DECLINED("pm_card_chargeDeclined", "visa", "0002", "credit", Flow.IMMEDIATE,
      new Decline("card_declined", "generic_decline", "Your card was declined.")),
  INSUFFICIENT_FUNDS("pm_card_chargeDeclinedInsufficientFunds", "visa", "9995", "credit", Flow.IMMEDIATE,
      new Decline("card_declined", "insufficient_funds", "Your card has insufficient funds.")),
  LOST_CARD("pm_card_chargeDeclinedLostCard", "visa", "9987", "credit", Flow.IMMEDIATE,
      new Decline("card_declined", "lost_card", "Your card was declined.")),
  STOLEN_CARD("pm_card_chargeDeclinedStolenCard", "visa", "9979", "credit", Flow.IMMEDIATE,
      new Decline("card_declined", "stolen_card", "Your card was declined.")),
  EXPIRED_CARD("pm_card_chargeDeclinedExpiredCard", "visa", "0069", "credit", Flow.IMMEDIATE,
      new Decline("expired_card", "expired_card", "Your card has expired.")),
  INCORRECT_CVC("pm_card_chargeDeclinedIncorrectCvc", "visa", "0127", "credit", Flow.IMMEDIATE,
      new Decline("incorrect_cvc", "incorrect_cvc", "Your card's security code is incorrect.")),
  PROCESSING_ERROR("pm_card_chargeDeclinedProcessingError", "visa", "0119", "credit", Flow.IMMEDIATE,
      new Decline("processing_error", "processing_error",
          "An error occurred while processing your card. Try again in a little bit.")),
  BANK_SUCCESS("pm_usBankAccount_success", "STRIPE TEST BANK", "6789", "checking", Flow.SETTLES_LATER,
      null),
  BANK_INSUFFICIENT_FUNDS("pm_usBankAccount_insufficientFunds", "STRIPE TEST BANK", "2227", "checking",
      Flow.SETTLES_LATER, new Decline("insufficient_funds", null,
          "The customer's account has insufficient funds to cover this payment.")),
  BANK_ACCOUNT_CLOSED("pm_usBankAccount_accountClosed", "STRIPE TEST BANK", "1113", "checking",
      Flow.SETTLES_LATER, new Decline("account_closed", null,
          "The customer's bank account has been closed.")),
  BANK_PROCESSING("pm_usBankAccount_processing", "STRIPE TEST BANK", "0009", "checking",
      Flow.STAYS_PROCESSING, null);

  /** How a confirmation with this method proceeds. */
  enum Flow {
    /** Charged at once: succeeded or declined. */
    IMMEDIATE,
    /** 3-D Secure: requires_action until the customer completes or fails authentication. */
    AUTHENTICATE,
    /** A bank debit: processing, then settled after the settlement delay (failed if it has a decline). */
    SETTLES_LATER,
    /** A bank debit that stays processing until settled through the control API. */
    STAYS_PROCESSING
  }

  /** How refunds of a charge on this card end, as Stripe's refund test cards do. */
  enum RefundBehaviour {
    /** Succeeded at once. */
    SUCCEED,
    /** Pending, then succeeded after the settlement delay (card 4000000000007726). */
    PENDING_THEN_SUCCEEDS,
    /** Succeeded, then failed after the settlement delay (card 4000000000005126). */
    SUCCEEDS_THEN_FAILS
  }

  private final String alias;
  private final String brand;
  private final String last4;
  private final String funding;
  private final Flow flow;
  private final Decline decline;
  private final RefundBehaviour refunds;

  TestPaymentMethod(String alias, String brand, String last4, String funding) {
    this(alias, brand, last4, funding, Flow.IMMEDIATE, null, RefundBehaviour.SUCCEED);
  }

  TestPaymentMethod(String alias, String brand, String last4, String funding, RefundBehaviour refunds) {
    this(alias, brand, last4, funding, Flow.IMMEDIATE, null, refunds);
  }

  TestPaymentMethod(String alias, String brand, String last4, String funding, Flow flow, Decline decline) {
    this(alias, brand, last4, funding, flow, decline, RefundBehaviour.SUCCEED);
  }

  TestPaymentMethod(String alias, String brand, String last4, String funding, Flow flow,
      Decline decline, RefundBehaviour refunds) {
    this.alias = alias;
    this.brand = brand;
    this.last4 = last4;
    this.funding = funding;
    this.flow = flow;
    this.decline = decline;
    this.refunds = refunds;
  }

  static Optional<TestPaymentMethod> byAlias(String alias) {
    return Arrays.stream(values()).filter(method -> method.alias.equals(alias)).findFirst();
  }

  String alias() {
    return alias;
  }

  /** The PaymentMethod {@code type}: {@code card} or {@code us_bank_account}. */
  String type() {
    return flow == Flow.SETTLES_LATER || flow == Flow.STAYS_PROCESSING ? "us_bank_account" : "card";
  }

  /** The card brand, or the bank's name. */
  String brand() {
    return brand;
  }

  String last4() {
    return last4;
  }

  /** The card funding, or the bank account type. */
  String funding() {
    return funding;
  }

  Flow flow() {
    return flow;
  }

  RefundBehaviour refunds() {
    return refunds;
  }

  /** How charging this method fails (at once for cards, at settlement for bank debits), or empty when it succeeds. */
  Optional<Decline> decline() {
    return Optional.ofNullable(decline);
  }

  /** How the hosted pages name this method. */
  String label() {
    String what = type().equals("card") ? brand + " \u2022\u2022\u2022\u2022 " + last4
        : "US bank account \u2022\u2022\u2022\u2022 " + last4;
    String outcome = switch (flow) {
      case AUTHENTICATE -> "asks for 3-D Secure authentication";
      case SETTLES_LATER -> decline == null ? "processing, then succeeds" : "processing, then fails ("
          + decline.code() + ")";
      case STAYS_PROCESSING -> "stays processing";
      case IMMEDIATE -> decline != null ? "declined (" + decline.declineCode() + ")"
          : refunds == RefundBehaviour.PENDING_THEN_SUCCEEDS ? "succeeds; refunds pending, then succeed"
          : refunds == RefundBehaviour.SUCCEEDS_THEN_FAILS ? "succeeds; refunds succeed, then fail"
          : "succeeds";
    };
    return what + ": " + outcome;
  }
}
