package dev.exceptionledger.review.rest;

import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.contracts.Json;
import dev.exceptionledger.contracts.OutcomeReported;
import dev.exceptionledger.contracts.Violation;
import dev.exceptionledger.review.domain.InvalidRequestException;
import dev.exceptionledger.review.domain.OutcomeSubmission;
import dev.exceptionledger.review.messaging.ReviewEvents;
import dev.exceptionledger.review.persistence.ReportedOutcome;
import dev.exceptionledger.review.persistence.ReviewItem;
import dev.exceptionledger.review.persistence.RoutedInteraction;
import dev.exceptionledger.support.Producers;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * What became of an interaction, reported by a CRM or helpdesk (role {@code intake}): published as
 * OutcomeReported on outcomes.reported, which the ledger records, and kept for the blind-spot report's values.
 */
@Path("/outcomes")
@Produces(MediaType.APPLICATION_JSON)
public class OutcomeResource {

    private static final Logger LOG = Logger.getLogger(OutcomeResource.class);

    @Inject
    SecurityIdentity identity;

    @Inject
    Producers producers;

    @Inject
    ReviewEvents events;

    /** {@code eventId} identifies the fact; a retry with the same Idempotency-Key answers with the same one. */
    public record Accepted(UUID eventId, String interactionId, String outcome) { }

    @POST
    @RolesAllowed("intake")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    public Response report(OutcomeSubmission submission, @HeaderParam("Idempotency-Key") String idempotencyKey) {
        if (submission == null) {
            throw new InvalidRequestException("a JSON body is required",
                    List.of(new Violation("outcome", "is required, with interactionId or externalId")));
        }
        String outcome = submission.validate();
        String caller = identity.getPrincipal().getName();
        UUID eventId = idempotencyKey == null || idempotencyKey.isBlank() ? UUID.randomUUID()
                : UUID.nameUUIDFromBytes(("outcome/" + caller + "/" + idempotencyKey.strip())
                .getBytes(StandardCharsets.UTF_8));
        ReportedOutcome earlier = ReportedOutcome.findById(eventId);
        if (earlier != null) {
            return Response.accepted(new Accepted(earlier.eventId, earlier.interactionId, earlier.outcome)).build();
        }
        String interactionId = resolve(submission);

        ReportedOutcome o = new ReportedOutcome();
        o.eventId = eventId;
        o.interactionId = interactionId;
        o.outcome = outcome;
        o.value = submission.value();
        o.currency = submission.currency() == null ? null : submission.currency().strip().toUpperCase(Locale.ROOT);
        o.externalId = blankToNull(submission.externalId());
        o.source = submission.source() == null || submission.source().isBlank() ? caller : submission.source().strip();
        o.note = blankToNull(submission.note());
        o.reportedAt = Instant.now();
        o.persist();
        ReportedOutcome.flush();

        EventEnvelope envelope = new EventEnvelope(eventId, OutcomeReported.TYPE, EventEnvelope.SCHEMA_VERSION,
                interactionId, o.reportedAt, producers.producer(), interactionId, null,
                Json.tree(new OutcomeReported(o.outcome, o.value, o.currency, o.externalId, o.source, o.note,
                        o.reportedAt)));
        try {
            events.outcome(envelope);
        } catch (RuntimeException e) {
            LOG.warnf(e, "OutcomeReported %s for %s was not acknowledged; rolling back", eventId, interactionId);
            throw new ServiceUnavailableException("the outcome was not recorded: the event broker did not"
                    + " acknowledge it; retry later");
        }
        return Response.accepted(new Accepted(eventId, interactionId, outcome)).build();
    }

    /** The interactionId as given (when this service knows it), or the one interaction with that externalId. */
    private static String resolve(OutcomeSubmission submission) {
        String interactionId = blankToNull(submission.interactionId());
        if (interactionId != null) {
            if (RoutedInteraction.findById(interactionId) == null
                    && ReviewItem.count("interactionId", interactionId) == 0) {
                throw new NotFoundException("no interaction " + interactionId + " was routed");
            }
            return interactionId;
        }
        String externalId = submission.externalId().strip();
        List<RoutedInteraction> matches = RoutedInteraction.<RoutedInteraction>find("externalId", externalId)
                .page(0, 2).list();
        if (matches.isEmpty()) {
            throw new NotFoundException("no routed interaction has externalId " + externalId);
        }
        if (matches.size() > 1) {
            throw new ClientErrorException("externalId " + externalId + " names more than one interaction:"
                    + " report by interactionId", Response.Status.CONFLICT);
        }
        return matches.get(0).interactionId;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
