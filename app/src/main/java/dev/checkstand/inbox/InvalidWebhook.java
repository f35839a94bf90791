package dev.checkstand.inbox;

import dev.checkstand.common.Problem;

/** The request is not a verifiably signed Stripe event; nothing was stored. */
final class InvalidWebhook extends Problem {

    InvalidWebhook(String code, String detail) {
        super(400, code, "Invalid webhook", detail);
    }
}
