package dev.exceptionledger.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.exceptionledger.contracts.Violation;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;
import java.util.stream.Collectors;

/** Turns every error a resource can raise into application/problem+json. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response invalidJson(JsonProcessingException e) {
        String field = e instanceof MismatchedInputException m ? pathOf(m) : null;
        String detail;
        if (e instanceof UnrecognizedPropertyException u) {
            detail = "unknown field '" + u.getPropertyName() + "': remove it";
        } else if (e instanceof InvalidFormatException f) {
            detail = "field '" + field + "' has the wrong type or format: expected " + f.getTargetType().getSimpleName();
        } else if (e instanceof MismatchedInputException) {
            detail = "field '" + field + "' has the wrong type: " + e.getOriginalMessage();
        } else {
            detail = "the body is not valid JSON: " + e.getOriginalMessage();
        }
        List<Violation> violations = field == null ? List.of() : List.of(new Violation(field, detail));
        return Problem.of(Response.Status.BAD_REQUEST, "invalid-json", detail, violations).toResponse();
    }

    /**
     * A field of the wrong type, e.g. {@code "estimatedValue": "lots"}: quarkus-rest-jackson's built-in mapper for
     * this exception is more specific than the one above and would answer plain JSON.
     */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        return invalidJson(e);
    }

    @ServerExceptionMapper
    public Response invalidArgument(IllegalArgumentException e) {
        return Problem.of(Response.Status.BAD_REQUEST, "invalid-request", e.getMessage()).toResponse();
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        Response.Status status = Response.Status.fromStatusCode(e.getResponse().getStatus());
        if (status == null) {
            status = Response.Status.BAD_REQUEST;
        }
        String code = status.getReasonPhrase().toLowerCase().replace(' ', '-');
        return Problem.of(status, code, e.getMessage()).toResponse();
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        LOG.error("unexpected error", e);
        return Problem.of(Response.Status.INTERNAL_SERVER_ERROR, "internal-error",
                "the request could not be completed; it was logged, retry later").toResponse();
    }

    private static String pathOf(MismatchedInputException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }
}
