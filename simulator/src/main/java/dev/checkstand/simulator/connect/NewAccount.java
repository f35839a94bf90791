package dev.checkstand.simulator.connect;

import java.util.List;
import java.util.Map;

/** The validated parameters of {@code POST /v1/accounts}. */
record NewAccount(
    String type,
    String country,
    String defaultCurrency,
    String email,
    String businessType,
    Map<String, String> businessProfile,
    List<String> capabilities,
    Map<String, String> metadata) {}
