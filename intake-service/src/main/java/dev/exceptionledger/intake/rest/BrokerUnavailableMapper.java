package dev.exceptionledger.intake.rest;

import dev.exceptionledger.intake.messaging.BrokerUnavailableException;
import dev.exceptionledger.support.Problem;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Without the broker's acknowledgement nothing was accepted: a 503 tells the caller to retry (never a 500). */
public class BrokerUnavailableMapper {

    private static final Logger LOG = Logger.getLogger(BrokerUnavailableMapper.class);

    @ServerExceptionMapper
    public Response brokerUnavailable(BrokerUnavailableException e) {
        LOG.warn("answering 503: " + e.getMessage(), e.getCause());
        return Problem.of(Response.Status.SERVICE_UNAVAILABLE, "broker-unavailable",
                "the interaction was not recorded because the event broker did not acknowledge it: retry later")
                .toResponseRetryAfter(5);
    }
}
