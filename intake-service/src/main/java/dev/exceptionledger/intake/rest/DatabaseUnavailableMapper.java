package dev.exceptionledger.intake.rest;

import dev.exceptionledger.intake.persistence.DatabaseUnavailableException;
import dev.exceptionledger.support.Problem;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Without the idempotency key's row nothing was accepted: a 503 tells the caller to retry (never a 500). */
public class DatabaseUnavailableMapper {

    private static final Logger LOG = Logger.getLogger(DatabaseUnavailableMapper.class);

    @ServerExceptionMapper
    public Response databaseUnavailable(DatabaseUnavailableException e) {
        LOG.warn("answering 503: " + e.getMessage() + ": " + e.getCause());
        return Problem.of(Response.Status.SERVICE_UNAVAILABLE, "database-unavailable",
                "the interaction was not recorded because the database did not answer: retry later with the same "
                        + "Idempotency-Key").toResponseRetryAfter(5);
    }
}
