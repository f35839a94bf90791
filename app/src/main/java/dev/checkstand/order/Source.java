package dev.checkstand.order;

/** Who caused a change to an order, as recorded on its timeline (invariant 9). */
public enum Source {
    CHECKOUT, WEBHOOK, CONFIRM, RECONCILER, ADMIN, SYSTEM;

    public String wire() {
        return name().toLowerCase();
    }
}
