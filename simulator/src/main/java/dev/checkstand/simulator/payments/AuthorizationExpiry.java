package dev.checkstand.simulator.payments;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What happens when a manual-capture card authorization reaches its {@code capture_before} still uncaptured. */
public enum AuthorizationExpiry {

  /** The PaymentIntent is canceled ({@code cancellation_reason=automatic}) and its charge released. */
  CANCEL,

  /** The PaymentIntent stays {@code requires_capture}; a capture is refused, a cancel still releases it. */
  KEEP;

  /** The name the control API uses: {@code cancel} or {@code keep}. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The value named {@code wire}; IllegalArgumentException naming the choices otherwise. */
  public static AuthorizationExpiry parse(String wire) {
    for (AuthorizationExpiry value : values()) {
      if (value.wire().equals(wire)) {
        return value;
      }
    }
    throw new IllegalArgumentException("authorizationExpiry must be one of "
        + Arrays.stream(values()).map(v -> "\"" + v.wire() + "\"").collect(Collectors.joining(", "))
        + ", was " + (wire == null ? "null" : "\"" + wire + "\""));
  }
}
