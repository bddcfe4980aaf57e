package dev.exceptionledger.routing.rest;

import dev.exceptionledger.contracts.InteractionClassified;
import dev.exceptionledger.routing.ActivePolicy;
import dev.exceptionledger.routing.domain.InvalidClassificationException;
import dev.exceptionledger.routing.domain.RoutingDecision;
import dev.exceptionledger.support.Problem;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.time.Instant;

/** What-if: the decision the active policy WOULD make for a classification, without publishing anything. */
@Path("/routing/decisions")
public class DecisionResource {

    private final ActivePolicy policy;

    public DecisionResource(ActivePolicy policy) {
        this.policy = policy;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({"policy-admin", "reviewer"})
    public RoutingDecision decide(InteractionClassified classified) {
        return policy.get().decide(classified, Instant.now());
    }

    @ServerExceptionMapper
    public Response invalid(InvalidClassificationException e) {
        return Problem.of(Response.Status.BAD_REQUEST, "invalid-classification", e.getMessage(), e.violations())
                .toResponse();
    }
}
