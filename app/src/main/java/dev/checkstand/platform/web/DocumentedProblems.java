package dev.checkstand.platform.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * The problems every operation of the description can answer, beside those its controller documents itself
 * ({@code @ApiResponse} for 409, 422, 502, 503 and specific 404s): 400 {@code invalid_request} where it takes a
 * body or parameters, 413 and 408 where it takes a body, 404 where its path names something, 401, 403 and 429 and
 * HTTP Basic on {@code /api/admin/**}, 500 {@code internal_error} everywhere. Every error response is a
 * {@code Problem}; 429, and a 503 whose description says so, tell when to retry in {@code Retry-After}.
 */
@Component
class DocumentedProblems implements OpenApiCustomizer {

    static final String PROBLEM = "Problem";
    private static final String PROBLEM_JSON = "application/problem+json";

    @Override
    public void customise(OpenAPI openApi) {
        if (openApi.getComponents() == null) {
            openApi.setComponents(new Components());
        }
        openApi.getComponents().addSchemas(PROBLEM, problem()).addSchemas("FieldError", new ObjectSchema()
                .description("One refused field of an invalid_request and why")
                .addProperty("field", new StringSchema().example("items[0].quantity"))
                .addProperty("message", new StringSchema().example("must be at least 1"))
                .required(List.of("field", "message")));
        if (openApi.getPaths() == null) {
            return;
        }
        openApi.getPaths().forEach((path, item) -> item.readOperationsMap()
                .forEach((method, operation) -> document(path, operation)));
    }

    private static void document(String path, Operation operation) {
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        operation.setResponses(responses);
        boolean body = operation.getRequestBody() != null;
        boolean parameters = operation.getParameters() != null && !operation.getParameters().isEmpty();
        boolean pathId = parameters && operation.getParameters().stream().anyMatch(p -> "path".equals(p.getIn()));
        if (body || parameters) {
            add(responses, 400, "invalid_request: malformed JSON, a wrong type, a missing or refused field or "
                    + "parameter (`errors` names each)");
        }
        if (body) {
            add(responses, 408, "request_timeout: the body took longer than CHECKSTAND_BODY_READ_TIMEOUT to arrive");
            add(responses, 413, "invalid_request: the body is larger than the service takes");
        }
        if (pathId) {
            add(responses, 404, "not_found, or the route's own code (order_not_found, ...): nothing there, or "
                    + "nothing this caller may see");
        }
        if (path.startsWith("/api/admin/")) {
            operation.addSecurityItem(new SecurityRequirement().addList(ApiDescription.ADMIN_SECURITY));
            add(responses, 401, "unauthorized: no or wrong admin credentials (HTTP Basic)");
            add(responses, 403, "forbidden: the credentials lack the ADMIN role");
            add(responses, 429, "too_many_attempts: too many failed sign-ins from this address or for this user");
        }
        add(responses, 500, "internal_error: unexpected; nothing was lost and the request can be repeated "
                + "(`errorId` names the log line)");
        sortAndDescribeProblems(responses);
    }

    // The body ProblemResponses, the body limit and the security entry point write: RFC 9457 plus a stable code and,
    // per code, fields of its own (items, refundable, ...).
    private static Schema<?> problem() {
        Schema<?> problem = new ObjectSchema()
                .description("An RFC 9457 problem (application/problem+json). A client branches on `status` and "
                        + "`code`; some codes add fields of their own (`items` of out_of_stock, `refundable` of "
                        + "refund_exceeds_refundable).")
                .addProperty("type", new StringSchema().example("about:blank"))
                .addProperty("title", new StringSchema().example("Out of stock"))
                .addProperty("status", new IntegerSchema().example(409))
                .addProperty("detail", new StringSchema().example("Not enough stock for 1 item(s)"))
                .addProperty("instance", new StringSchema().format("uri-reference"))
                .addProperty("code", new StringSchema().description("Stable machine code").example("out_of_stock"))
                .addProperty("errors", new ArraySchema()
                        .items(new Schema<>().$ref("#/components/schemas/FieldError"))
                        .description("invalid_request: each refused field"))
                .addProperty("errorId", new StringSchema()
                        .description("internal_error: names the one log line about the error"))
                .required(List.of("status", "code"));
        problem.setAdditionalProperties(true);
        return problem;
    }

    private static void add(ApiResponses responses, int status, String description) {
        responses.putIfAbsent(Integer.toString(status), new ApiResponse().description(description));
    }

    // Every error response's body is a Problem, whatever a controller's annotation left it as; codes in order.
    private static void sortAndDescribeProblems(ApiResponses responses) {
        Map<String, ApiResponse> sorted = new TreeMap<>(responses);
        responses.clear();
        sorted.forEach((code, response) -> {
            if (code.matches("[45]\\d\\d")) {
                response.setContent(new Content().addMediaType(PROBLEM_JSON, new MediaType()
                        .schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
                if (code.equals("429") || (code.equals("503") && response.getDescription().contains("Retry-After"))) {
                    response.addHeaderObject("Retry-After", new Header().description("Seconds to wait")
                            .schema(new IntegerSchema()));
                }
            }
            responses.addApiResponse(code, response);
        });
    }
}
