package dev.checkstand.simulator;

import com.stripe.param.checkout.SessionCreateParams;
import com.stripe.param.checkout.SessionCreateParams.LineItem;
import com.stripe.param.checkout.SessionCreateParams.LineItem.PriceData;
import com.stripe.param.checkout.SessionCreateParams.LineItem.PriceData.ProductData;

/** Checkout Session fixtures. */
final class Checkouts {

  static final String SUCCESS_URL = "https://shop.example/orders/42/paid?session={CHECKOUT_SESSION_ID}";
  static final String CANCEL_URL = "https://shop.example/cart";

  private Checkouts() {}

  /** Two mugs at 12.50 USD and a tea towel at 7.00 USD: 32.00 USD, for order 42. */
  static SessionCreateParams.Builder twoMugsAndATowel() {
    return SessionCreateParams.builder()
        .setMode(SessionCreateParams.Mode.PAYMENT)
        .addLineItem(item("Mug", 1250L, 2L))
        .addLineItem(item("Tea towel", 700L, 1L))
        .setSuccessUrl(SUCCESS_URL)
        .setCancelUrl(CANCEL_URL)
        .setClientReferenceId("order-42")
        .setCustomerEmail("ada@example.com")
        .putMetadata("order_id", "order-42")
        .setPaymentIntentData(SessionCreateParams.PaymentIntentData.builder()
            .putMetadata("order_id", "order-42").build());
  }

  static LineItem item(String name, long unitAmount, long quantity) {
    return LineItem.builder().setQuantity(quantity).setPriceData(PriceData.builder()
        .setCurrency("usd").setUnitAmount(unitAmount)
        .setProductData(ProductData.builder().setName(name).build()).build()).build();
  }
}
