package dev.exceptionledger.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.exceptionledger.contracts.Violation;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;

/** Turns every error a resource can raise into application/problem+json. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    /** A body that is not JSON, or has an unknown field or a value of the wrong type ({@link StrictJson}). */
    @ServerExceptionMapper
    public Response invalidJson(JsonProcessingException e) {
        Violation violation = StrictJson.violation(e);
        return Problem.of(Response.Status.BAD_REQUEST, "invalid-json", violation.message(), List.of(violation))
                .toResponse();
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

    /** Nothing personal can be sealed without the key store: nothing was recorded, the caller retries. */
    @ServerExceptionMapper
    public Response keysUnavailable(SubjectKeysUnavailableException e) {
        LOG.warnf("the key store is unavailable: %s", e.getMessage());
        return Problem.of(Response.Status.SERVICE_UNAVAILABLE, "key-store-unavailable",
                "personal data cannot be sealed right now (the key store did not answer); nothing was recorded, "
                        + "retry later").toResponse();
    }

    /**
     * Anything else is a bug, logged and answered 500 without its details; but a database that is down or restarting
     * is a passing condition, and a 503 tells the caller to retry.
     */
    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        if (DatabaseOutage.isCause(e)) {
            LOG.warnf("answering 503, the database is unavailable: %s", e.getMessage());
            return Problem.of(Response.Status.SERVICE_UNAVAILABLE, "database-unavailable",
                    "the database did not answer: retry later").toResponseRetryAfter(5);
        }
        LOG.error("unexpected error", e);
        return Problem.of(Response.Status.INTERNAL_SERVER_ERROR, "internal-error",
                "the request could not be completed; it was logged, retry later").toResponse();
    }
}
