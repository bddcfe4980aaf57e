package dev.exceptionledger.review;

import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.contracts.Json;
import dev.exceptionledger.contracts.OutcomeReported;
import dev.exceptionledger.contracts.Violation;
import dev.exceptionledger.review.domain.ConflictException;
import dev.exceptionledger.review.domain.ContactIds;
import dev.exceptionledger.review.domain.InvalidRequestException;
import dev.exceptionledger.review.domain.NotFoundException;
import dev.exceptionledger.review.domain.OutcomeSubmission;
import dev.exceptionledger.review.messaging.BrokerUnavailableException;
import dev.exceptionledger.review.messaging.ReviewEvents;
import dev.exceptionledger.review.persistence.ReportedOutcome;
import dev.exceptionledger.review.persistence.ReviewItem;
import dev.exceptionledger.review.persistence.RoutedInteraction;
import dev.exceptionledger.support.Producers;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * What became of an interaction, as a CRM or helpdesk reports it: kept for the blind-spot report's values and
 * published as OutcomeReported (which the ledger records), committed only once the broker acknowledged it.
 */
@ApplicationScoped
public class Outcomes {

    private static final Logger LOG = Logger.getLogger(Outcomes.class);
    /** How many interactions an ambiguous externalId's 409 lists. */
    private static final int LISTED_MATCHES = 20;

    private final ReviewEvents events;
    private final Producers producers;

    public Outcomes(ReviewEvents events, Producers producers) {
        this.events = events;
        this.producers = producers;
    }

    /**
     * @param caller         who reports it: the default {@code source}, and the scope of {@code idempotencyKey}
     * @param idempotencyKey optional: a retry with the same key is answered with the first report, not reported again
     * @return the outcome as recorded (for a retry: as first recorded)
     */
    @Transactional
    public ReportedOutcome report(OutcomeSubmission submission, String caller, String idempotencyKey) {
        if (submission == null) {
            throw new InvalidRequestException("a JSON body is required",
                    List.of(new Violation("outcome", "is required, with interactionId or externalId")));
        }
        String outcome = submission.validate();
        UUID eventId = idempotencyKey == null || idempotencyKey.isBlank() ? UUID.randomUUID()
                : UUID.nameUUIDFromBytes(("outcome/" + caller + "/" + idempotencyKey.strip())
                .getBytes(StandardCharsets.UTF_8));
        ReportedOutcome earlier = ReportedOutcome.findById(eventId);
        if (earlier != null) {
            return earlier;
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
                        o.reportedAt)), ContactIds.subjectOf(contactIdOf(interactionId), interactionId));
        try {
            events.outcome(envelope);
        } catch (RuntimeException e) {
            LOG.warnf(e, "OutcomeReported %s for %s was not acknowledged; rolling back", eventId, interactionId);
            throw new BrokerUnavailableException("the outcome was not recorded: the event broker did not"
                    + " acknowledge it; retry later", e);
        }
        return o;
    }

    /** The contact of an interaction as its events named it, where this service knows one. */
    private static String contactIdOf(String interactionId) {
        List<?> found = ReviewItem.getEntityManager().createNativeQuery("""
                        SELECT contact_id FROM routed_interaction WHERE interaction_id = :id AND contact_id IS NOT NULL
                        UNION ALL
                        SELECT contact_id FROM review_item WHERE interaction_id = :id AND contact_id IS NOT NULL
                        LIMIT 1""")
                .setParameter("id", interactionId).getResultList();
        return found.isEmpty() ? null : (String) found.get(0);
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
        List<RoutedInteraction> matches = RoutedInteraction.<RoutedInteraction>find("externalId",
                Sort.by("routedAt").and("interactionId"), externalId).page(0, LISTED_MATCHES + 1).list();
        if (matches.isEmpty()) {
            throw new NotFoundException("no routed interaction has externalId " + externalId);
        }
        if (matches.size() > 1) {
            List<String> ids = matches.stream().limit(LISTED_MATCHES).map(m -> m.interactionId).toList();
            throw new ConflictException("externalId " + externalId + " names more than one interaction: "
                    + String.join(", ", ids) + (matches.size() > LISTED_MATCHES ? " and more" : "")
                    + "; report by interactionId, one of these");
        }
        return matches.get(0).interactionId;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
