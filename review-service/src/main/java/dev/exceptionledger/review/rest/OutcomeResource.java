package dev.exceptionledger.review.rest;

import dev.exceptionledger.review.Outcomes;
import dev.exceptionledger.review.domain.OutcomeSubmission;
import dev.exceptionledger.review.persistence.ReportedOutcome;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.UUID;

/**
 * What became of an interaction, reported by a CRM or helpdesk (role {@code intake}): published as
 * OutcomeReported on outcomes.reported, which the ledger records, and kept for the blind-spot report's values.
 */
@Path("/outcomes")
@Produces(MediaType.APPLICATION_JSON)
public class OutcomeResource {

    private final SecurityIdentity identity;
    private final Outcomes outcomes;

    OutcomeResource(SecurityIdentity identity, Outcomes outcomes) {
        this.identity = identity;
        this.outcomes = outcomes;
    }

    /** {@code eventId} identifies the fact; a retry with the same Idempotency-Key answers with the same one. */
    public record Accepted(UUID eventId, String interactionId, String outcome) { }

    /** See {@link Outcomes}: 202 once the broker acknowledged it, 503 when it did not. */
    @POST
    @RolesAllowed("intake")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response report(OutcomeSubmission submission, @HeaderParam("Idempotency-Key") String idempotencyKey) {
        ReportedOutcome o = outcomes.report(submission, identity.getPrincipal().getName(), idempotencyKey);
        return Response.accepted(new Accepted(o.eventId, o.interactionId, o.outcome)).build();
    }
}
