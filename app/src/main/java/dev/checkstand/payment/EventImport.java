package dev.checkstand.payment;

/** Takes Stripe events fetched by the reconciler into the webhook inbox. */
public interface EventImport {

    /** Stores the event unless the inbox has it already; true when it was new. */
    boolean store(String eventJson);
}
