package dev.checkstand.fulfillment.printful;

import dev.checkstand.fulfillment.provider.ProviderCallFailed;
import dev.checkstand.fulfillment.provider.ProviderCallFailed.Kind;
import dev.checkstand.platform.CallOutcome;
import dev.checkstand.platform.ProviderBreaker;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Predicate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One way of calling Printful: through its circuit breaker, then the {@link CallBudget} (waited for at most this way's
 * bound), then HTTP over this way's {@link RestClient}, whose request factory sets how long an answer may take; the
 * {@code {code, result, error}} envelope read into the result or the {@link ProviderCallFailed} it is. The breaker
 * counts connection failures, time-outs and 5xx against Printful; a 4xx is Printful answering; a 429 is neither, since
 * the budget already holds every call back for as long as Printful asked. Bodies are never logged (they carry
 * customers' addresses).
 */
final class PrintfulCalls {

    private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(60);
    private static final int MAX_MESSAGE = 300;

    private final RestClient http;
    private final JsonMapper json;
    private final CallBudget budget;
    private final ProviderBreaker breaker;
    private final Clock clock;
    private final Duration maxBudgetWait;
    private final boolean yielding;

    PrintfulCalls(RestClient http, JsonMapper json, CallBudget budget, ProviderBreaker breaker, Clock clock,
            Duration maxBudgetWait) {
        this(http, json, budget, breaker, clock, maxBudgetWait, false);
    }

    private PrintfulCalls(RestClient http, JsonMapper json, CallBudget budget, ProviderBreaker breaker, Clock clock,
            Duration maxBudgetWait, boolean yielding) {
        this.yielding = yielding;
        this.http = http;
        this.json = json;
        this.budget = budget;
        this.breaker = breaker;
        this.clock = clock;
        this.maxBudgetWait = maxBudgetWait;
    }

    /**
     * Another way of calling over {@code other}, under {@code otherBreaker}, sharing this one's budget but yielding to
     * it ({@link CallBudget#acquireYielding}): never waiting, and leaving a quarter of the budget to this one's calls.
     */
    PrintfulCalls yieldingOver(RestClient other, ProviderBreaker otherBreaker) {
        return new PrintfulCalls(other, json, budget, otherBreaker, clock, Duration.ZERO, true);
    }

    ProviderBreaker breaker() {
        return breaker;
    }

    CallBudget budget() {
        return budget;
    }

    /** Sends the call; the answer, whatever its status, or {@link ProviderCallFailed} when there was none. */
    Answer call(String operation, HttpMethod method, String path, Object body) {
        String payload = body == null ? null : json.writeValueAsString(body);
        ProviderBreaker.Call call = breaker.begin(operation).orElseThrow(() -> new ProviderCallFailed(Kind.UNAVAILABLE,
                0, method + " " + pathOnly(path) + " not sent: Printful keeps failing and its circuit breaker is open",
                breaker.failingFastFor().orElse(null), null));
        try {
            if (yielding ? !budget.acquireYielding() : !budget.acquire(maxBudgetWait)) {
                call.notMade();
                Duration pause = budget.pause();
                throw new ProviderCallFailed(Kind.RATE_LIMITED, 0, "Printful's call budget is spent for now",
                        !pause.isZero() ? pause : maxBudgetWait.isZero() ? null : maxBudgetWait, null);
            }
        } catch (InterruptedException e) {
            call.notMade();
            Thread.currentThread().interrupt();
            throw new ProviderCallFailed(Kind.UNAVAILABLE, 0, "Interrupted waiting for Printful's call budget", null, e);
        }
        Answer answer;
        try {
            RestClient.RequestBodySpec request = http.method(method).uri(path);
            if (payload != null) {
                request.contentType(MediaType.APPLICATION_JSON).body(payload);
            }
            answer = request.exchange((req, res) -> new Answer(res.getStatusCode().value(),
                    new String(res.getBody().readAllBytes(), StandardCharsets.UTF_8),
                    res.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)), true);
        } catch (ResourceAccessException e) {
            call.end(CallOutcome.FAILED);
            throw new ProviderCallFailed(Kind.UNAVAILABLE, 0, method + " " + pathOnly(path) + ": no answer ("
                    + e.getMostSpecificCause().getClass().getSimpleName() + ")", null, e);
        } catch (RuntimeException | Error e) {
            call.end(CallOutcome.FAILED);
            throw e;
        }
        call.end(CallOutcome.ofStatus(answer.status()));
        return answer;
    }

    private static String pathOnly(String path) {
        int query = path.indexOf('?');
        return query < 0 ? path : path.substring(0, query);
    }

    /** One answer: its status, body and {@code Retry-After}. */
    final class Answer {

        private final int status;
        private final String body;
        private final String retryAfter;

        Answer(int status, String body, String retryAfter) {
            this.status = status;
            this.body = body;
            this.retryAfter = retryAfter;
        }

        int status() {
            return status;
        }

        /** The envelope's {@code result} object, or the failure this answer is. */
        JsonNode orThrow() {
            return result(true, JsonNode::isObject, "a result object");
        }

        /** The envelope's {@code result} list, or the failure this answer is; every other 4xx is a refusal. */
        JsonNode listOrThrow() {
            return result(false, JsonNode::isArray, "a result list");
        }

        // costsMayBeCalculating: whether a 4xx may be Printful still calculating an order's costs (NOT_READY).
        private JsonNode result(boolean costsMayBeCalculating, Predicate<JsonNode> shape, String what) {
            if (status == 429) {
                Duration wait = retryAfter();
                budget.pauseUntil(clock.instant().plus(wait));
                throw new ProviderCallFailed(Kind.RATE_LIMITED, status, "Printful rate limit: " + message(), wait, null);
            }
            if (status >= 500) {
                throw new ProviderCallFailed(Kind.UNAVAILABLE, status, "Printful " + status + ": " + message(), null,
                        null);
            }
            if (status == 401 || status == 403) {
                throw new ProviderCallFailed(Kind.UNAUTHORIZED, status, "Printful refused our token (" + status
                        + "): " + message(), null, null);
            }
            if (status >= 400) {
                String message = message();
                Kind kind = costsMayBeCalculating && message.toLowerCase(Locale.ROOT).contains("calculat")
                        ? Kind.NOT_READY : Kind.REFUSED;
                throw new ProviderCallFailed(kind, status, "Printful " + status + ": " + message, null, null);
            }
            JsonNode result;
            try {
                result = json.readTree(body).get("result");
            } catch (JacksonException e) {
                result = null;
            }
            if (result == null || !shape.test(result)) {
                throw new ProviderCallFailed(Kind.UNAVAILABLE, status, "Printful " + status + " without " + what, null,
                        null);
            }
            return result;
        }

        private Duration retryAfter() {
            try {
                long seconds = Long.parseLong(retryAfter == null ? "" : retryAfter.trim());
                return seconds > 0 && seconds <= 3600 ? Duration.ofSeconds(seconds) : DEFAULT_RETRY_AFTER;
            } catch (NumberFormatException e) {
                return DEFAULT_RETRY_AFTER;
            }
        }

        // Printful's error message ({@code error.message}, else a string result), cut short; never the whole body.
        private String message() {
            String message;
            try {
                JsonNode envelope = json.readTree(body);
                JsonNode error = envelope.path("error").get("message");
                message = error != null && error.isString() ? error.asString()
                        : envelope.path("result").isString() ? envelope.path("result").asString() : "no message";
            } catch (JacksonException e) {
                message = "an answer that is not JSON";
            }
            return message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) : message;
        }
    }
}
