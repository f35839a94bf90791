package dev.checkstand.common;

import java.util.List;
import java.util.Map;

/** The request is well-formed JSON but its content is refused; nothing was changed. */
public final class InvalidRequest extends Problem {

    private final List<FieldError> errors;

    public InvalidRequest(String detail, List<FieldError> errors) {
        super(400, "invalid_request", "Invalid request", detail);
        this.errors = List.copyOf(errors);
    }

    public static InvalidRequest of(String field, String message) {
        return new InvalidRequest(field + ": " + message, List.of(new FieldError(field, message)));
    }

    /** Every refused field, in the order found. */
    public List<FieldError> errors() {
        return errors;
    }

    @Override
    public Map<String, Object> properties() {
        return Map.of("errors", errors);
    }

    /** One refused field and why. */
    public record FieldError(String field, String message) {
    }
}
