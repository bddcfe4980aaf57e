package dev.exceptionledger.ledger.rest;

import dev.exceptionledger.ledger.api.FetchFunnelQuery;
import dev.exceptionledger.ledger.api.FetchTimelineQuery;
import dev.exceptionledger.ledger.api.FunnelResponse;
import dev.exceptionledger.ledger.api.TimelineResponse;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;

import java.time.Instant;
import java.time.format.DateTimeParseException;

@Path("/ledger")
@Produces(MediaType.APPLICATION_JSON)
public class LedgerResource {

    private final QueryGateway queries;

    LedgerResource(QueryGateway queries) {
        this.queries = queries;
    }

    /** Everything recorded for one interaction, in ledger order. */
    @GET
    @Path("/interactions/{interactionId}")
    @RolesAllowed({"compliance", "reviewer"})
    public TimelineResponse timeline(@PathParam("interactionId") String interactionId) {
        return queries.query(new FetchTimelineQuery(interactionId), ResponseTypes.optionalInstanceOf(TimelineResponse.class))
                .join()
                .orElseThrow(() -> new NotFoundException("nothing is recorded for interaction '" + interactionId
                        + "': check the id"));
    }

    /** Counts per funnel stage over interactions first seen in [from, to); both optional ISO-8601 instants. */
    @GET
    @Path("/funnel")
    @RolesAllowed({"compliance", "reviewer"})
    public FunnelResponse funnel(@QueryParam("from") String from, @QueryParam("to") String to) {
        Instant fromInstant = instant("from", from);
        Instant toInstant = instant("to", to);
        if (fromInstant != null && toInstant != null && !fromInstant.isBefore(toInstant)) {
            throw new IllegalArgumentException("'from' must be before 'to'");
        }
        return queries.query(new FetchFunnelQuery(fromInstant, toInstant), FunnelResponse.class).join();
    }

    private static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + name + "' must be an ISO-8601 instant such as "
                    + "2025-01-31T00:00:00Z, not '" + value + "'");
        }
    }
}
