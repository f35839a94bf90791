package dev.checkstand.simulator.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.checkstand.simulator.api.ApiError;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FormDecoderTests {

  @Test
  void bracketsBecomeNestedMapsAndIndexesBecomeLists() {
    Map<String, Object> params = FormDecoder.decode("amount=2000&metadata%5Border_id%5D=order-42"
        + "&payment_method_types%5B1%5D=link&payment_method_types%5B0%5D=card"
        + "&automatic_payment_methods%5Benabled%5D=true");

    assertThat(params).containsEntry("amount", "2000")
        .containsEntry("metadata", Map.of("order_id", "order-42"))
        .containsEntry("payment_method_types", List.of("card", "link"))
        .containsEntry("automatic_payment_methods", Map.of("enabled", "true"));
  }

  @Test
  void emptyBracketsAppendAndQueryAndBodyMerge() {
    Map<String, Object> params = FormDecoder.decode("expand[]=latest_charge", "expand[]=payment_method");

    assertThat(params).containsEntry("expand", List.of("latest_charge", "payment_method"));
  }

  @Test
  void listsOfObjectsKeepTheirFields() {
    Map<String, Object> params = FormDecoder.decode(
        "items[0][price]=p1&items[0][quantity]=2&items[1][price]=p2&lines[][a]=1&lines[][b]=2&lines[][a]=3");

    assertThat(params).containsEntry("items",
        List.of(Map.of("price", "p1", "quantity", "2"), Map.of("price", "p2")));
    assertThat(params).containsEntry("lines", List.of(Map.of("a", "1", "b", "2"), Map.of("a", "3")));
  }

  @Test
  void valuesArePercentAndPlusDecodedAndMayBeEmpty() {
    Map<String, Object> params = FormDecoder.decode("description=Two+mugs+%26+a+pot&metadata=&flag");

    assertThat(params).containsEntry("description", "Two mugs & a pot")
        .containsEntry("metadata", "")
        .containsEntry("flag", "");
  }

  @Test
  void aScalarAndAHashUnderOneNameIsInvalid() {
    ApiError error = catchThrowableOfType(
        () -> FormDecoder.decode("metadata[a]=1&metadata[a][b]=2"), ApiError.class);

    assertThat(error.status()).isEqualTo(400);
  }
}
