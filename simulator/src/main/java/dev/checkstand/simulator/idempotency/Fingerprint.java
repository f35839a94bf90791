package dev.checkstand.simulator.idempotency;

import java.util.Map;

/** What makes two requests "the same" for an idempotency key: endpoint and decoded parameters. */
public record Fingerprint(String method, String path, Map<String, Object> params) {}
