package dev.checkstand.simulator.payments;

import com.google.gson.JsonObject;
import dev.checkstand.simulator.api.Amounts;
import dev.checkstand.simulator.api.ApiError;
import dev.checkstand.simulator.api.ListQuery;
import dev.checkstand.simulator.api.ObjectStore;
import dev.checkstand.simulator.api.RequestContext;
import dev.checkstand.simulator.events.Events;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Destination charges: their terms checked against the connected accounts, the Transfer and ApplicationFee a capture
 * makes, and what refunds with {@code reverse_transfer} and {@code refund_application_fee} take back. Everything that
 * changes a Transfer or an ApplicationFee runs under its PaymentIntent's lock.
 */
final class DestinationCharges {

  /** The refusal of a destination (or on_behalf_of) account that cannot charge now. */
  static final String CANNOT_CHARGE = "insufficient_capabilities_for_transfer";

  private final Events events;
  private final Clock clock;
  private final ConnectedAccounts accounts;
  private final String application;
  private final ObjectStore<Transfer> transfers;
  private final ObjectStore<ApplicationFee> fees;

  DestinationCharges(Events events, Clock clock, ConnectedAccounts accounts, String application,
      int capacity) {
    this.events = events;
    this.clock = clock;
    this.accounts = accounts;
    this.application = application;
    this.transfers = new ObjectStore<>(capacity);
    this.fees = new ObjectStore<>(capacity);
  }

  /** What a capture moved: the Transfer, and the ApplicationFee or null. */
  record Moved(Transfer transfer, ApplicationFee fee) {}

  /** What a refund took back: the reversed Transfer or null, the refunded ApplicationFee or null. */
  record TakenBack(Transfer transfer, ApplicationFee fee) {}

  /**
   * Checks the terms of a new PaymentIntent of {@code amount} made as {@code account} (null: the platform): the
   * accounts exist and can charge, the amounts fit. Parameters are named under {@code prefix} (e.g.
   * {@code payment_intent_data}), or top-level when it is null.
   */
  void check(ConnectTerms terms, long amount, String currency, String account, String prefix) {
    if (terms.destination() != null && !accounts.exists(terms.destination())) {
      throw ApiError.invalidRequest("No such destination: '" + terms.destination() + "'",
          qualified(prefix, "transfer_data[destination]"), "resource_missing");
    }
    if (terms.onBehalfOf() != null) {
      if (!accounts.exists(terms.onBehalfOf())) {
        throw ApiError.invalidRequest("No such account: '" + terms.onBehalfOf() + "'",
            qualified(prefix, "on_behalf_of"), "resource_missing");
      }
      if (terms.destination() != null && !terms.onBehalfOf().equals(terms.destination())) {
        throw ApiError.invalidRequest("The on_behalf_of account (" + terms.onBehalfOf() + ") must be"
            + " the same as the transfer_data[destination] account (" + terms.destination() + ").",
            qualified(prefix, "on_behalf_of"), null);
      }
    }
    checkAmounts(terms, amount, currency, account, prefix);
    String refusal = refusal(terms);
    if (refusal != null) {
      throw ApiError.invalidRequest(refusal, refusedParam(terms, prefix), CANNOT_CHARGE);
    }
  }

  /** Checks the amounts of the terms against a PaymentIntent of {@code amount}: the fee and the transfer fit in it. */
  void checkAmounts(ConnectTerms terms, long amount, String currency, String account, String prefix) {
    Long fee = terms.applicationFeeAmount();
    Long transfer = terms.transferAmount();
    if (fee != null) {
      if (fee < 0) {
        throw ApiError.invalidRequest("This value must be greater than or equal to 0.",
            qualified(prefix, "application_fee_amount"), "parameter_invalid_integer");
      }
      if (terms.destination() == null && account == null) {
        throw ApiError.invalidRequest("Can only apply an application_fee_amount when the"
            + " PaymentIntent is attempting a direct payment (using an OAuth key or Stripe-Account"
            + " header) or destination payment (using `transfer_data[destination]`).",
            qualified(prefix, "application_fee_amount"), null);
      }
      if (fee > amount) {
        throw ApiError.invalidRequest("The application_fee_amount (" + Amounts.money(fee, currency)
            + ") cannot be greater than the amount of the payment (" + Amounts.money(amount, currency)
            + ").", qualified(prefix, "application_fee_amount"), null);
      }
    }
    if (transfer != null) {
      if (fee != null) {
        throw ApiError.invalidRequest("You may only specify one of these parameters:"
            + " application_fee_amount, transfer_data[amount].",
            qualified(prefix, "transfer_data[amount]"), null);
      }
      if (transfer < 1) {
        throw ApiError.invalidRequest("This value must be greater than or equal to 1.",
            qualified(prefix, "transfer_data[amount]"), "parameter_invalid_integer");
      }
      if (transfer > amount) {
        throw ApiError.invalidRequest("The transfer_data[amount] (" + Amounts.money(transfer, currency)
            + ") cannot be greater than the amount of the payment (" + Amounts.money(amount, currency)
            + ").", qualified(prefix, "transfer_data[amount]"), null);
      }
    }
  }

  /** Refuses to confirm a destination charge whose destination (or on_behalf_of) account cannot charge now; the PaymentIntent stays as it is. */
  void requireChargeable(PaymentIntent intent) {
    String refusal = refusal(intent.connect());
    if (refusal != null) {
      throw ApiError.paymentIntentRefused(CANNOT_CHARGE, refusal, refusedParam(intent.connect(), null),
          intent.toJson());
    }
  }

  /**
   * A destination charge was captured (in full or in part): moves the captured amount less the fee (or
   * {@code transfer_data[amount]}, at most what was captured) to the destination, and keeps the fee, at most what
   * was captured, as an ApplicationFee. Null for any other charge. Call under the PaymentIntent's lock, then
   * {@link #announce(Moved, RequestContext)}.
   */
  Moved captured(Charge charge) {
    ConnectTerms terms = charge.connect();
    if (!terms.destinationCharge()) {
      return null;
    }
    long captured = charge.amountCaptured();
    long now = clock.instant().getEpochSecond();
    Long feeAmount = terms.applicationFeeAmount() == null ? null
        : Math.min(terms.applicationFeeAmount(), captured);
    long transferAmount = terms.transferAmount() != null ? Math.min(terms.transferAmount(), captured)
        : captured - (feeAmount == null ? 0 : feeAmount);
    Transfer transfer = new Transfer(charge, transferAmount, now);
    transfers.add(transfer.id(), transfer);
    ApplicationFee fee = null;
    if (feeAmount != null && feeAmount > 0) {
      fee = new ApplicationFee(charge, feeAmount, application, now);
      fees.add(fee.id(), fee);
    }
    charge.transferred(transfer.id(), fee == null ? null : fee.id(), feeAmount);
    return new Moved(transfer, fee);
  }

  /** Records {@code application_fee.created} and {@code transfer.created} for what a capture moved (nothing for null). */
  void announce(Moved moved, RequestContext context) {
    if (moved == null) {
      return;
    }
    if (moved.fee() != null) {
      events.record("application_fee.created", moved.fee().toJson(), context);
    }
    events.record("transfer.created", moved.transfer().toJson(), context);
  }

  /** Refuses {@code reverse_transfer} on a charge without a Transfer and {@code refund_application_fee} on one without an ApplicationFee. */
  void checkRefundFlags(Charge charge, boolean reverseTransfer, boolean refundApplicationFee) {
    if (reverseTransfer && charge.transferId() == null) {
      throw ApiError.invalidRequest("The charge " + charge.id() + " has no transfer to reverse:"
          + " reverse_transfer can only be used when refunding a destination charge"
          + " (transfer_data[destination]).", "reverse_transfer", null);
    }
    if (refundApplicationFee && charge.applicationFeeId() == null) {
      throw ApiError.invalidRequest("The charge " + charge.id() + " has no application fee to"
          + " refund: refund_application_fee can only be used when refunding a charge made with an"
          + " application_fee_amount.", "refund_application_fee", null);
    }
  }

  /**
   * Takes back the destination's share of {@code refund} from its charge: with {@code reverseTransfer} the refunded
   * fraction of the Transfer (rounded down, all that is left once the charge is fully refunded), with
   * {@code refundApplicationFee} the same fraction of the ApplicationFee. Call under the PaymentIntent's lock, after
   * the charge counted the refund, then {@link #announce(TakenBack, RequestContext)}.
   */
  TakenBack refunded(Charge charge, Refund refund, boolean reverseTransfer,
      boolean refundApplicationFee) {
    long now = clock.instant().getEpochSecond();
    boolean fullyRefunded = charge.unrefunded() == 0;
    Transfer transfer = null;
    if (reverseTransfer) {
      transfer = transfers.find(charge.transferId()).orElseThrow();
      long left = transfer.amount() - transfer.amountReversed();
      long share = fullyRefunded ? left
          : Math.min(left, refund.amount() * transfer.amount() / charge.amountCaptured());
      if (share > 0) {
        refund.reversed(transfer.reverse(share, refund.id(), now));
      } else {
        transfer = null;
      }
    }
    ApplicationFee fee = null;
    if (refundApplicationFee) {
      fee = fees.find(charge.applicationFeeId()).orElseThrow();
      long left = fee.amount() - fee.amountRefunded();
      long share = fullyRefunded ? left
          : Math.min(left, refund.amount() * fee.amount() / charge.amountCaptured());
      if (share > 0) {
        fee.refund(share, now);
      } else {
        fee = null;
      }
    }
    return new TakenBack(transfer, fee);
  }

  /** Records {@code transfer.reversed} and {@code application_fee.refunded} for what a refund took back. */
  void announce(TakenBack takenBack, RequestContext context) {
    if (takenBack.transfer() != null) {
      events.record("transfer.reversed", takenBack.transfer().toJson(), context);
    }
    if (takenBack.fee() != null) {
      events.record("application_fee.refunded", takenBack.fee().toJson(), context);
    }
  }

  Optional<Transfer> transfer(String id) {
    return transfers.find(id);
  }

  Optional<ApplicationFee> fee(String id) {
    return fees.find(id);
  }

  ObjectStore.Page<Transfer> transfers(ListQuery query, Predicate<Transfer> filter) {
    return transfers.page(query, filter, "transfer");
  }

  ObjectStore.Page<ApplicationFee> fees(ListQuery query, Predicate<ApplicationFee> filter) {
    return fees.page(query, filter, "application_fee");
  }

  void reset() {
    transfers.clear();
    fees.clear();
  }

  /** Why the terms' accounts cannot be charged now, or null when they can (or there are none). */
  private String refusal(ConnectTerms terms) {
    if (terms.destination() != null && !accounts.chargesEnabled(terms.destination())) {
      return "The destination account " + terms.destination() + " cannot currently receive"
          + " payments (its charges_enabled is false). Your destination account needs to have at"
          + " least one of the following capabilities enabled: transfers, crypto_transfers,"
          + " legacy_payments.";
    }
    if (terms.onBehalfOf() != null && !accounts.chargesEnabled(terms.onBehalfOf())) {
      return "The on_behalf_of account " + terms.onBehalfOf() + " cannot currently make live"
          + " charges (its charges_enabled is false): it needs an active card_payments capability.";
    }
    return null;
  }

  private static String refusedParam(ConnectTerms terms, String prefix) {
    return qualified(prefix, terms.destination() != null ? "transfer_data[destination]" : "on_behalf_of");
  }

  /** {@code name} under {@code prefix}: {@code transfer_data[amount]} under {@code payment_intent_data} is {@code payment_intent_data[transfer_data][amount]}. */
  static String qualified(String prefix, String name) {
    if (prefix == null) {
      return name;
    }
    int bracket = name.indexOf('[');
    return bracket < 0 ? prefix + "[" + name + "]"
        : prefix + "[" + name.substring(0, bracket) + "]" + name.substring(bracket);
  }
}
