package dev.checkstand.common;

/** The addressed resource does not exist (or is not visible to this caller). */
public final class NotFound extends Problem {

    public NotFound(String code, String detail) {
        super(404, code, "Not found", detail);
    }
}
