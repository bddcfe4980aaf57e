package dev.exceptionledger.review.rest;

import dev.exceptionledger.review.domain.InvalidRequestException;
import dev.exceptionledger.support.Problem;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Problems more specific than service-support's general mappers. */
public class ReviewProblems {

    /** The 400 with one violation per field. */
    @ServerExceptionMapper
    public Response invalidRequest(InvalidRequestException e) {
        return Problem.of(Response.Status.BAD_REQUEST, "validation-failed", e.getMessage(), e.violations())
                .toResponse();
    }
}
