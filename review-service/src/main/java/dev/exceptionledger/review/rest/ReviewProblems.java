package dev.exceptionledger.review.rest;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.exceptionledger.review.domain.InvalidRequestException;
import dev.exceptionledger.support.Problem;
import dev.exceptionledger.support.ProblemMappers;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Problems more specific than service-support's general mappers. */
public class ReviewProblems {

    private static final ProblemMappers GENERAL = new ProblemMappers();

    /** The 400 with one violation per field. */
    @ServerExceptionMapper
    public Response invalidRequest(InvalidRequestException e) {
        return Problem.of(Response.Status.BAD_REQUEST, "validation-failed", e.getMessage(), e.violations())
                .toResponse();
    }

    /**
     * A field of the wrong type, e.g. {@code "estimatedValue": "lots"}: quarkus-rest-jackson's built-in mapper for
     * this exception is more specific than service-support's JsonProcessingException mapper and answers plain JSON.
     */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        return GENERAL.invalidJson(e);
    }
}
