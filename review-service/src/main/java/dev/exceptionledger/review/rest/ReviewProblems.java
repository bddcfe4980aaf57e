package dev.exceptionledger.review.rest;

import dev.exceptionledger.review.domain.ConflictException;
import dev.exceptionledger.review.domain.InvalidRequestException;
import dev.exceptionledger.review.domain.NotFoundException;
import dev.exceptionledger.review.messaging.BrokerUnavailableException;
import dev.exceptionledger.support.Problem;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The service's own refusals as problems; the types match what service-support answers for the same status. */
public class ReviewProblems {

    /** The 400 with one violation per field. */
    @ServerExceptionMapper
    public Response invalidRequest(InvalidRequestException e) {
        return Problem.of(Response.Status.BAD_REQUEST, "validation-failed", e.getMessage(), e.violations())
                .toResponse();
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return Problem.of(Response.Status.NOT_FOUND, "not-found", e.getMessage()).toResponse();
    }

    @ServerExceptionMapper
    public Response conflict(ConflictException e) {
        return Problem.of(Response.Status.CONFLICT, "conflict", e.getMessage()).toResponse();
    }

    /** Nothing was recorded: the caller may retry. */
    @ServerExceptionMapper
    public Response brokerUnavailable(BrokerUnavailableException e) {
        return Problem.of(Response.Status.SERVICE_UNAVAILABLE, "service-unavailable", e.getMessage()).toResponse();
    }
}
