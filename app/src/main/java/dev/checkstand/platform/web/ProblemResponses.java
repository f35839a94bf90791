package dev.checkstand.platform.web;

import dev.checkstand.common.InvalidRequest;
import dev.checkstand.common.Problem;
import jakarta.servlet.http.HttpServletRequest;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Renders every error as an RFC 9457 problem with a stable {@code code}: domain {@link Problem}s as they say,
 * framework errors as {@code invalid_request} (400, naming the field), {@code not_found}, {@code method_not_allowed}
 * and so on, a database constraint refusing the input as a 4xx, and anything unexpected as a 500 carrying an
 * {@code errorId} that the one log line about it also names (its stack trace only at DEBUG, never the request body).
 */
@RestControllerAdvice
class ProblemResponses extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);

    @ExceptionHandler(Problem.class)
    ResponseEntity<ProblemDetail> problem(Problem problem) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(problem.status()), problem.getMessage());
        body.setTitle(problem.title());
        body.setProperty("code", problem.code());
        problem.properties().forEach(body::setProperty);
        ResponseEntity.BodyBuilder response = ResponseEntity.status(problem.status());
        problem.retryAfter().ifPresent(wait -> response.header(HttpHeaders.RETRY_AFTER,
                Long.toString(Math.max(1, wait.toSeconds()))));
        return response.body(body);
    }

    @ExceptionHandler(RequestBodyTooLarge.class)
    ResponseEntity<ProblemDetail> tooLarge(RequestBodyTooLarge e) {
        return problem(new InvalidRequestOfStatus(413, e.getMessage()));
    }

    @ExceptionHandler(RequestBodyTimeout.class)
    ResponseEntity<ProblemDetail> tooSlow(RequestBodyTimeout e) {
        ResponseEntity<ProblemDetail> response = problem(new BodyTooSlow(e.getMessage()));
        // The rest of the body is not worth waiting for: the connection is closed, not kept for another request.
        return ResponseEntity.status(response.getStatusCode()).header(HttpHeaders.CONNECTION, "close").body(response.getBody());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e) {
        return problem(InvalidRequest.of(e.getName(), "has the wrong format"));
    }

    @ExceptionHandler({OptimisticLockingFailureException.class, PessimisticLockingFailureException.class})
    ResponseEntity<ProblemDetail> concurrentChange(RuntimeException e) {
        log.info("Concurrent change refused: {}", e.getMessage());
        return problem(new Conflict());
    }

    // The database refused what the request brought (a check, a length, a duplicate): the input's fault, not a bug. The
    // driver's message can quote the row, so only the SQL state is logged.
    @ExceptionHandler(DataIntegrityViolationException.class)
    ResponseEntity<ProblemDetail> refusedByDatabase(DataIntegrityViolationException e) {
        String sqlState = e.getMostSpecificCause() instanceof SQLException sql ? sql.getSQLState() : null;
        log.warn("Request refused by a database constraint: {} (SQL state {})", e.getClass().getSimpleName(), sqlState);
        if (e instanceof DuplicateKeyException) {
            return problem(new Duplicate());
        }
        return problem(InvalidRequest.of("request", "is refused by the service's data constraints"));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
        if (databaseUnavailable(e)) {
            // Not a bug: the database is restarting or unreachable. Nothing was committed; the same request later is
            // safe (everything that changes money or stock is idempotent), so say when, as for a provider outage.
            log.warn("Database unavailable on {} {}: {}", request.getMethod(),
                    request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE), summary(e));
            return problem(new DatabaseUnavailable());
        }
        String errorId = UUID.randomUUID().toString();
        Object route = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        log.error("Unexpected error {} on {} {}: {}", errorId, request.getMethod(), route == null ? "(no route)" : route,
                summary(e));
        log.debug("Unexpected error {}", errorId, e);
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "An unexpected error occurred; nothing was lost, the request can be repeated");
        body.setProperty("code", "internal_error");
        body.setProperty("errorId", errorId);
        return ResponseEntity.internalServerError().body(body);
    }

    /**
     * Whether {@code e} says the database could not be reached or went away: Spring's resource failures (no
     * connection, no transaction) or, anywhere in the cause chain, a driver error of SQL state class 08 (connection
     * exception) or 57P (the server shutting down or restarting) — also when a failed rollback's exception took the
     * place of the one that said so (seen at a PostgreSQL restart in the chaos run).
     */
    static boolean databaseUnavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof org.springframework.dao.DataAccessResourceFailureException
                    || t instanceof org.springframework.dao.TransientDataAccessResourceException
                    || t instanceof org.springframework.transaction.CannotCreateTransactionException) {
                return true;
            }
            // The rollback after a lost connection fails too, and its exception replaces the one that said why.
            if (t instanceof org.springframework.transaction.TransactionSystemException rollback
                    && rollback.getApplicationException() != null
                    && databaseUnavailable(rollback.getApplicationException())) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }

    /** The database cannot be reached now: 503 with Retry-After; the request changed nothing and can be repeated. */
    static final class DatabaseUnavailable extends Problem {

        DatabaseUnavailable() {
            super(503, "database_unavailable", "Service temporarily unavailable",
                    "The service's database cannot be reached right now; nothing was changed. Repeat the request"
                            + " (it is idempotent) after the Retry-After seconds.");
        }

        @Override
        public java.util.Optional<java.time.Duration> retryAfter() {
            return java.util.Optional.of(java.time.Duration.ofSeconds(5));
        }
    }

    // The exception classes of the cause chain and where in the service it was thrown; messages are left out because
    // they can quote request data.
    static String summary(Throwable e) {
        StringBuilder summary = new StringBuilder(e.getClass().getName());
        for (StackTraceElement frame : e.getStackTrace()) {
            if (frame.getClassName().startsWith("dev.checkstand.")) {
                summary.append(" at ").append(frame);
                break;
            }
        }
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            summary.append(" <- ").append(cause.getClass().getName());
        }
        return summary.toString();
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<InvalidRequest.FieldError> errors = ex.getBindingResult().getFieldErrors().stream()
                .map(ProblemResponses::fieldError)
                .toList();
        if (errors.isEmpty()) {
            errors = List.of(new InvalidRequest.FieldError("body", "is invalid"));
        }
        return asObject(problem(new InvalidRequest(errors.get(0).field() + ": " + errors.get(0).message(), errors)));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return asObject(problem(InvalidRequest.of("request", "is invalid")));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        for (Throwable cause = ex.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof RequestBodyTooLarge tooLarge) {
                return asObject(tooLarge(tooLarge));
            }
            if (cause instanceof RequestBodyTimeout tooSlow) {
                return asObject(tooSlow(tooSlow));
            }
        }
        if (ex.getCause() instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            return asObject(problem(InvalidRequest.of(field(mismatch.getPath()), refusal(mismatch))));
        }
        return asObject(problem(InvalidRequest.of("body", "is not valid JSON of the expected shape")));
    }

    // items[0].quantity
    private static String field(List<JacksonException.Reference> path) {
        StringBuilder field = new StringBuilder();
        for (JacksonException.Reference reference : path) {
            if (reference.getPropertyName() != null) {
                field.append(field.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                field.append('[').append(reference.getIndex()).append(']');
            }
        }
        return field.isEmpty() ? "body" : field.toString();
    }

    private static String refusal(MismatchedInputException mismatch) {
        Class<?> type = mismatch.getTargetType();
        if (type == null) {
            return "has the wrong type";
        }
        if (type == String.class) {
            return mismatch instanceof StrictJson.UnstorableString ? StorableText.REFUSAL : "must be a string";
        }
        if (type == int.class || type == long.class || type == short.class || type == Integer.class
                || type == Long.class || type == Short.class || type == java.math.BigInteger.class) {
            return "must be a whole number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "must be true or false";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "must be a number";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "must be an array";
        }
        if (type == UUID.class) {
            return "must be a UUID";
        }
        if (type.isEnum()) {
            return "must be one of the allowed values";
        }
        return type.isRecord() || Map.class.isAssignableFrom(type) ? "must be an object" : "has the wrong format";
    }

    // Framework errors (404, 405, 415, ...) keep their status and gain a code.
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, statusCode, request);
        if (response != null && response.getBody() instanceof ProblemDetail problem && problem.getProperties() == null) {
            problem.setProperty("code", codeFor(statusCode));
        }
        return response;
    }

    private static String codeFor(HttpStatusCode status) {
        return switch (status.value()) {
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 413 -> "payload_too_large";
            case 415 -> "unsupported_media_type";
            default -> status.is4xxClientError() ? "invalid_request" : "internal_error";
        };
    }

    private static InvalidRequest.FieldError fieldError(FieldError error) {
        return new InvalidRequest.FieldError(error.getField(),
                error.getDefaultMessage() == null ? "is invalid" : error.getDefaultMessage());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static ResponseEntity<Object> asObject(ResponseEntity<ProblemDetail> response) {
        return (ResponseEntity) response;
    }

    private static final class InvalidRequestOfStatus extends Problem {

        InvalidRequestOfStatus(int status, String detail) {
            super(status, "invalid_request", "Request body too large", detail);
        }

        @Override
        public Map<String, Object> properties() {
            return Map.of("errors", List.of(new InvalidRequest.FieldError("body", getMessage())));
        }
    }

    private static final class Duplicate extends Problem {

        Duplicate() {
            super(409, "conflict", "Conflicts with stored data",
                    "The request conflicts with data stored before (a value that must be unique is taken)");
        }
    }

    private static final class BodyTooSlow extends Problem {

        BodyTooSlow(String detail) {
            super(408, "request_timeout", "Request body too slow", detail);
        }
    }

    private static final class Conflict extends Problem {

        Conflict() {
            super(409, "concurrent_modification", "Concurrent modification",
                    "The resource changed while the request ran; repeat it");
        }
    }
}
