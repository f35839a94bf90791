package dev.checkstand.simulator.payments;

/** How a test card is declined: error code, decline code and the customer-facing message. */
record Decline(String code, String declineCode, String message) {}
