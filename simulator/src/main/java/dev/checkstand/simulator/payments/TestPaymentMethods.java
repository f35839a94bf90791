package dev.checkstand.simulator.payments;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The test payment methods the hosted pages offer, by alias, with a label for people. */
public final class TestPaymentMethods {

  private static final Map<String, String> OFFERED = offeredMethods();

  private TestPaymentMethods() {}

  /** Alias to label, e.g. {@code pm_card_visa -> "visa •••• 4242: succeeds"}, in display order. */
  public static Map<String, String> offered() {
    return OFFERED;
  }

  private static Map<String, String> offeredMethods() {
    Map<String, String> offered = new LinkedHashMap<>();
    for (TestPaymentMethod card : TestPaymentMethod.values()) {
      offered.put(card.alias(), card.label());
    }
    return Collections.unmodifiableMap(offered);
  }
}
