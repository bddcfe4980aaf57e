package dev.exceptionledger.review.rest;

import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.contracts.Json;
import dev.exceptionledger.contracts.ReviewRecorded;
import dev.exceptionledger.contracts.Verdict;
import dev.exceptionledger.contracts.Violation;
import dev.exceptionledger.review.domain.InvalidRequestException;
import dev.exceptionledger.review.domain.QueueQuery;
import dev.exceptionledger.review.domain.ReviewStatus;
import dev.exceptionledger.review.domain.VerdictSubmission;
import dev.exceptionledger.review.persistence.ReviewItem;
import dev.exceptionledger.review.persistence.ReviewVerdict;
import dev.exceptionledger.support.EventPublisher;
import dev.exceptionledger.support.Producers;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The reviewers' queue and their verdicts. */
@Path("/reviews")
@Produces(MediaType.APPLICATION_JSON)
public class ReviewResource {

    private static final Logger LOG = Logger.getLogger(ReviewResource.class);

    @Inject
    SecurityIdentity identity;

    @Inject
    Producers producers;

    @Inject
    @Channel("reviews-recorded")
    MutinyEmitter<Record<String, String>> recorded;

    /** A page of the queue, the nearest SLA deadline first. Parameters are strings so bad ones get a 400 naming them. */
    @GET
    @RolesAllowed("reviewer")
    public ReviewPage list(@QueryParam("status") String status, @QueryParam("team") String team,
                           @QueryParam("page") String page, @QueryParam("size") String size) {
        QueueQuery query = QueueQuery.parse(status, team, page, size);
        PanacheQuery<ReviewItem> items = ReviewItem.queue(query);
        return new ReviewPage(items.list().stream().map(ReviewSummary::of).toList(),
                query.page(), query.size(), items.count());
    }

    @GET
    @Path("{id}")
    @RolesAllowed("reviewer")
    public ReviewDetail get(@PathParam("id") String id) {
        ReviewItem item = find(id, LockModeType.NONE);
        return ReviewDetail.of(item, item.status == ReviewStatus.DECIDED ? ReviewVerdict.latestFor(item.id) : null);
    }

    /**
     * Records a verdict and answers only after the broker acknowledged its ReviewRecorded event. The event is
     * sent inside the transaction: if it cannot be sent, nothing is recorded and the reviewer may retry.
     */
    @POST
    @Path("{id}/verdict")
    @RolesAllowed("reviewer")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    public Response verdict(@PathParam("id") String id, VerdictSubmission submission) {
        // the row lock makes a second, concurrent verdict wait and then see DECIDED
        ReviewItem item = find(id, LockModeType.PESSIMISTIC_WRITE);
        if (item.status == ReviewStatus.DECIDED) {
            throw new ClientErrorException("review item " + id + " already has a verdict, and a verdict is final;"
                    + " corrections come in a later version", Response.Status.CONFLICT);
        }
        if (submission == null) {
            throw new InvalidRequestException("a JSON body is required",
                    List.of(new Violation("verdict", "is required, with a note")));
        }
        Verdict verdict = submission.validate(item.team);

        Instant now = Instant.now();
        ReviewVerdict recordedVerdict = new ReviewVerdict();
        recordedVerdict.id = UUID.randomUUID();
        recordedVerdict.eventId = recordedVerdict.id;
        recordedVerdict.reviewItemId = item.id;
        recordedVerdict.verdict = verdict;
        recordedVerdict.reviewer = identity.getPrincipal().getName();
        recordedVerdict.note = submission.note().strip();
        recordedVerdict.correctIntent = VerdictSubmission.trimmed(submission.correctIntent());
        recordedVerdict.correctTeam = VerdictSubmission.trimmed(submission.correctTeam());
        recordedVerdict.estimatedValue = submission.estimatedValue();
        recordedVerdict.recordedAt = now;
        recordedVerdict.persist();
        item.status = ReviewStatus.DECIDED;
        item.decidedAt = now;
        // write before publishing, so a database error cannot follow an event that was already sent
        ReviewItem.flush();

        publish(item, recordedVerdict);
        return Response.status(Response.Status.CREATED).entity(VerdictView.of(recordedVerdict, item)).build();
    }

    private void publish(ReviewItem item, ReviewVerdict v) {
        ReviewRecorded payload = new ReviewRecorded(v.id.toString(), v.verdict, v.reviewer, v.note, item.team,
                v.correctIntent, v.correctTeam, v.estimatedValue, null, v.recordedAt);
        EventEnvelope envelope = new EventEnvelope(v.eventId, ReviewRecorded.TYPE, EventEnvelope.SCHEMA_VERSION,
                item.interactionId, v.recordedAt, producers.producer(), item.interactionId,
                item.handoffEventId.toString(), Json.tree(payload));
        try {
            EventPublisher.publish(recorded, envelope);
        } catch (RuntimeException e) {
            LOG.warnf(e, "ReviewRecorded %s for review item %s was not acknowledged; rolling back", v.eventId, item.id);
            throw new ServiceUnavailableException("the verdict was not recorded: the event broker did not"
                    + " acknowledge it; retry later");
        }
    }

    private static ReviewItem find(String id, LockModeType lock) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("no review item " + id + ": review ids are UUIDs");
        }
        ReviewItem item = ReviewItem.findById(uuid, lock);
        if (item == null) {
            throw new NotFoundException("no review item " + id);
        }
        return item;
    }
}
