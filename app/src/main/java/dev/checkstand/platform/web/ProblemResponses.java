package dev.checkstand.platform.web;

import dev.checkstand.common.InvalidRequest;
import dev.checkstand.common.Problem;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Renders every error as an RFC 9457 problem with a stable {@code code}: domain {@link Problem}s as they say,
 * framework errors as {@code invalid_request} (400), {@code not_found}, {@code method_not_allowed} and so on, and
 * anything unexpected as a 500 whose details stay in the log.
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

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        log.error("Unexpected error", e);
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "An unexpected error occurred; nothing was lost, the request can be repeated");
        body.setProperty("code", "internal_error");
        return ResponseEntity.internalServerError().body(body);
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
        return asObject(problem(InvalidRequest.of("body", "is not valid JSON of the expected shape")));
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
