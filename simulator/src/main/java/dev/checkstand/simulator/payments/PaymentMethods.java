package dev.checkstand.simulator.payments;

import dev.checkstand.simulator.api.ApiError;
import dev.checkstand.simulator.api.Ids;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** PaymentMethods by id; a test alias such as {@code pm_card_visa} makes a new one each time it is used. */
final class PaymentMethods {

  private final Clock clock;
  private final Map<String, PaymentMethod> methods = new ConcurrentHashMap<>();

  PaymentMethods(Clock clock) {
    this.clock = clock;
  }

  /** The method named by {@code param}: a new one for a test alias, else a stored one; 400 if unknown. */
  PaymentMethod resolve(String idOrAlias, String param) {
    TestCard card = TestCard.byAlias(idOrAlias).orElse(null);
    if (card == null) {
      PaymentMethod stored = methods.get(idOrAlias);
      if (stored == null) {
        throw ApiError.noSuchReference("PaymentMethod", idOrAlias, param);
      }
      return stored;
    }
    PaymentMethod method = new PaymentMethod(Ids.next("pm"), clock.instant().getEpochSecond(), card);
    methods.put(method.id(), method);
    return method;
  }

  /** A stored method; 404 if unknown. */
  PaymentMethod find(String id) {
    PaymentMethod method = methods.get(id);
    if (method == null) {
      throw ApiError.noSuchObject("PaymentMethod", id);
    }
    return method;
  }

  void reset() {
    methods.clear();
  }
}
