package dev.exceptionledger.ledger.rest;

import dev.exceptionledger.contracts.PersonalFields;
import dev.exceptionledger.ledger.api.SubjectReport;
import dev.exceptionledger.ledger.persistence.ChainVerifier;
import dev.exceptionledger.ledger.persistence.ChainVerifier.Verification;
import dev.exceptionledger.ledger.persistence.LedgerReplay;
import dev.exceptionledger.ledger.persistence.LedgerReplay.ReplayFilter;
import dev.exceptionledger.ledger.persistence.Projections;
import dev.exceptionledger.ledger.persistence.SubjectEraser;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import java.time.Instant;

import static dev.exceptionledger.ledger.rest.LedgerResource.blankToNull;
import static dev.exceptionledger.ledger.rest.LedgerResource.instant;

/** What compliance needs to trust the ledger: replay, verification, rebuilds, subjects and their erasure. */
@Path("/ledger")
@Produces(MediaType.APPLICATION_JSON)
public class ComplianceResource {

    static final String NDJSON = "application/x-ndjson";

    private final LedgerReplay replay;
    private final ChainVerifier verifier;
    private final SubjectEraser eraser;
    private final Projections projections;
    private final SecurityIdentity identity;

    ComplianceResource(LedgerReplay replay, ChainVerifier verifier, SubjectEraser eraser, Projections projections,
                       SecurityIdentity identity) {
        this.replay = replay;
        this.verifier = verifier;
        this.eraser = eraser;
        this.projections = projections;
        this.identity = identity;
    }

    /**
     * Every event matching the filter, in global order, one JSON object per line with its position and chain hash,
     * streamed from a database cursor. {@code policy-admin} may read it for routing's backtest.
     */
    @GET
    @Path("/replay")
    @Produces(NDJSON)
    @RolesAllowed({"compliance", "policy-admin"})
    public StreamingOutput replay(@QueryParam("from") String from, @QueryParam("to") String to,
                                  @QueryParam("interactionId") String interactionId, @QueryParam("type") String type) {
        Instant fromInstant = instant("from", from);
        Instant toInstant = instant("to", to);
        if (fromInstant != null && toInstant != null && !fromInstant.isBefore(toInstant)) {
            throw new IllegalArgumentException("'from' must be before 'to'");
        }
        ReplayFilter filter = new ReplayFilter(fromInstant, toInstant, blankToNull(interactionId), blankToNull(type));
        return out -> replay.replay(filter, out);
    }

    /** Recomputes the hash chain over the whole store; reports the first broken position. */
    @GET
    @Path("/verify")
    @RolesAllowed("compliance")
    public Verification verify() {
        return verifier.verify();
    }

    /** Resets the projections and rebuilds them from the event store; follow with GET /ledger/projections. */
    @POST
    @Path("/projections/rebuild")
    @RolesAllowed("compliance")
    public Response rebuild(@QueryParam("projection") String projection) {
        // optional: the funnel is the only projection; naming another is refused before anything is reset (which
        // also lets a check of the endpoint's authorization, e.g. the e2e role matrix, call it without effect)
        if (projection != null && !"funnel".equals(projection)) {
            throw new IllegalArgumentException("unknown projection '" + projection + "': the ledger has one, funnel");
        }
        return Response.accepted(projections.rebuild()).build();
    }

    @GET
    @Path("/projections")
    @RolesAllowed("compliance")
    public Projections.Progress progress() {
        return projections.progress();
    }

    /**
     * Destroys the subject's keys: its personal values read as erased everywhere they are sealed from now on, review
     * drops its copies, every other fact stays and the chain still verifies. The erasure is itself a ledger fact (on
     * the ledger {@code subject-<contactId>}); a subject the ledger never saw is NOT_FOUND and nothing is recorded.
     */
    @POST
    @Path("/subjects/{contactId}/erasure")
    @RolesAllowed("compliance")
    public SubjectReport erase(@PathParam("contactId") String contactId) {
        return eraser.erase(checked(contactId), identity.getPrincipal().getName());
    }

    /** A subject's status (ACTIVE or ERASED) and where its personal values are; 404 problem if never seen. */
    @GET
    @Path("/subjects/{contactId}")
    @RolesAllowed("compliance")
    public SubjectReport subject(@PathParam("contactId") String contactId) {
        return eraser.subject(checked(contactId)).orElseThrow(() -> new NotFoundException(
                "the ledger never saw subject '" + contactId + "'"));
    }

    /**
     * Finds a subject by email, hashed as the ledger hashes it: for a request that names an address. The address
     * travels in the body, not in a URL that logs would keep.
     */
    @POST
    @Path("/subjects/lookup")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("compliance")
    public SubjectReport lookup(SubjectLookup lookup) {
        if (lookup == null || lookup.email() == null || lookup.email().isBlank()) {
            throw new IllegalArgumentException("send {\"email\": \"...\"}: the address to look up");
        }
        String contactId = PersonalFields.contactIdOfEmail(lookup.email());
        return eraser.subject(contactId).orElseThrow(() -> new NotFoundException(
                "the ledger never saw a contact with that email (contactId " + contactId + ")"));
    }

    public record SubjectLookup(String email) {
    }

    private static String checked(String contactId) {
        if (!PersonalFields.isContactId(contactId)) {
            throw new IllegalArgumentException("a contactId is 64 lowercase hex characters (POST /ledger/subjects/"
                    + "lookup finds one by email), not '" + contactId + "'");
        }
        return contactId;
    }
}
