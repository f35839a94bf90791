package dev.checkstand.simulator.payments;

import dev.checkstand.simulator.api.ApiError;
import dev.checkstand.simulator.api.Ids;
import java.time.Clock;
import dev.checkstand.simulator.api.ObjectStore;

/** PaymentMethods by id; a test alias such as {@code pm_card_visa} makes a new one each time it is used. */
final class PaymentMethods {

  private final Clock clock;
  private final ObjectStore<PaymentMethod> methods;

  PaymentMethods(Clock clock, int capacity) {
    this.clock = clock;
    this.methods = new ObjectStore<>(capacity);
  }

  /** The method named by {@code param}: a new one for a test alias, else a stored one; 400 if unknown. */
  PaymentMethod resolve(String idOrAlias, String param) {
    TestPaymentMethod card = TestPaymentMethod.byAlias(idOrAlias).orElse(null);
    if (card == null) {
      return methods.find(idOrAlias)
          .orElseThrow(() -> ApiError.noSuchReference("PaymentMethod", idOrAlias, param));
    }
    PaymentMethod method = new PaymentMethod(Ids.next("pm"), clock.instant().getEpochSecond(), card);
    methods.add(method.id(), method);
    return method;
  }

  /** A stored method; 404 if unknown. */
  PaymentMethod find(String id) {
    return methods.find(id).orElseThrow(() -> ApiError.noSuchObject("PaymentMethod", id));
  }

  void reset() {
    methods.clear();
  }
}
