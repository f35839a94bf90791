package dev.checkstand.simulator.payments;

import dev.checkstand.simulator.api.Amounts;
import dev.checkstand.simulator.api.ApiError;
import dev.checkstand.simulator.api.Metadata;
import dev.checkstand.simulator.api.Params;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads and validates the parameters of the PaymentIntent endpoints. */
final class PaymentIntentParams {

  static final Set<String> CREATE = Set.of("amount", "currency", "metadata", "description",
      "receipt_email", "payment_method", "payment_method_types", "automatic_payment_methods",
      "capture_method", "confirm", "confirmation_method", "expand", "return_url",
      "payment_method_options", "off_session", "error_on_requires_action", "use_stripe_sdk",
      "mandate_data", "transfer_data", "application_fee_amount", "on_behalf_of");
  static final Set<String> UPDATE = Set.of("amount", "currency", "metadata", "description",
      "receipt_email", "payment_method", "payment_method_types", "capture_method", "expand",
      "payment_method_options", "transfer_data", "application_fee_amount");
  static final Set<String> CONFIRM = Set.of("payment_method", "client_secret", "expand",
      "return_url", "payment_method_options", "off_session", "error_on_requires_action",
      "use_stripe_sdk", "mandate_data");
  static final Set<String> RETRIEVE = Set.of("client_secret", "expand");
  static final Set<String> CAPTURE = Set.of("amount_to_capture", "expand");
  static final Set<String> CANCEL = Set.of("cancellation_reason", "expand");

  private static final List<String> CAPTURE_METHODS = List.of("automatic", "automatic_async", "manual");
  private static final List<String> CANCELLATION_REASONS =
      List.of("duplicate", "fraudulent", "requested_by_customer", "abandoned");

  private PaymentIntentParams() {}

  static NewPaymentIntent create(Params params, String account) {
    params.allowOnly(CREATE);
    long amount = params.requiredInteger("amount");
    String currency = Amounts.currency(params.requiredString("currency"));
    Amounts.check(amount, currency, "amount");
    Optional<List<String>> types = params.strings("payment_method_types");
    Optional<Params> automatic = params.hash("automatic_payment_methods");
    if (types.isPresent() && automatic.isPresent()) {
      throw ApiError.invalidRequest("You may only specify one of these parameters:"
          + " automatic_payment_methods, payment_method_types.", "automatic_payment_methods", null);
    }
    if (params.bool("confirm").orElse(false) && params.string("payment_method").isEmpty()) {
      throw ApiError.invalidRequest("You cannot confirm this PaymentIntent because it's missing a"
          + " payment method. To confirm it, pass a payment_method or create it without"
          + " confirm=true and confirm it later with one.", "payment_method", "parameter_missing");
    }
    return new NewPaymentIntent(
        amount,
        currency,
        params.oneOf("capture_method", CAPTURE_METHODS).orElse("automatic"),
        params.oneOf("confirmation_method", List.of("automatic", "manual")).orElse("automatic"),
        params.string("description").filter(value -> !value.isEmpty()).orElse(null),
        params.string("receipt_email").filter(value -> !value.isEmpty()).orElse(null),
        Metadata.apply(Map.of(), params.raw("metadata")),
        paymentMethodTypes(types),
        types.isPresent() ? null : automatic.map(PaymentIntentParams::automatic)
            .orElse(new NewPaymentIntent.AutomaticPaymentMethods(true, null)),
        null,
        account,
        ConnectTerms.read(params));
  }

  static PaymentIntentChanges update(Params params, PaymentMethod method) {
    params.allowOnly(UPDATE);
    Optional<String> currency = params.string("currency").map(Amounts::currency);
    Optional<List<String>> types = params.strings("payment_method_types");
    Optional<Params> transfer = params.hash("transfer_data");
    transfer.ifPresent(data -> data.allowOnly(Set.of("amount")));
    return new PaymentIntentChanges(
        params.integer("amount").orElse(null),
        currency.orElse(null),
        params.oneOf("capture_method", CAPTURE_METHODS).orElse(null),
        types.isPresent() ? paymentMethodTypes(types) : null,
        method,
        params.string("description").orElse(null),
        params.string("receipt_email").orElse(null),
        params.raw("metadata"),
        transfer.flatMap(data -> data.integer("amount")).orElse(null),
        params.integer("application_fee_amount").orElse(null));
  }

  static Optional<String> cancellationReason(Params params) {
    params.allowOnly(CANCEL);
    return params.oneOf("cancellation_reason", CANCELLATION_REASONS);
  }

  static Optional<Long> amountToCapture(Params params) {
    params.allowOnly(CAPTURE);
    Optional<Long> amount = params.integer("amount_to_capture");
    if (amount.isPresent() && amount.get() < 1) {
      throw ApiError.invalidRequest("This value must be greater than or equal to 1.",
          "amount_to_capture", "parameter_invalid_integer");
    }
    return amount;
  }

  private static List<String> paymentMethodTypes(Optional<List<String>> types) {
    List<String> values = types.orElse(List.of("card"));
    if (values.isEmpty() || values.stream().anyMatch(String::isEmpty)) {
      throw ApiError.invalidRequest("Invalid array", "payment_method_types", null);
    }
    return values;
  }

  private static NewPaymentIntent.AutomaticPaymentMethods automatic(Params params) {
    params.allowOnly(Set.of("enabled", "allow_redirects"));
    boolean enabled = params.bool("enabled")
        .orElseThrow(() -> ApiError.parameterMissing("automatic_payment_methods[enabled]"));
    String redirects = params.oneOf("allow_redirects", List.of("always", "never")).orElse(null);
    return new NewPaymentIntent.AutomaticPaymentMethods(enabled, redirects);
  }
}
