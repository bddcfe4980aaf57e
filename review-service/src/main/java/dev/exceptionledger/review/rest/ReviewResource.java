package dev.exceptionledger.review.rest;

import dev.exceptionledger.contracts.ClassifierFeedback;
import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.contracts.InteractionRouted;
import dev.exceptionledger.contracts.Json;
import dev.exceptionledger.contracts.ReviewRecorded;
import dev.exceptionledger.contracts.RoutingOutcome;
import dev.exceptionledger.contracts.Verdict;
import dev.exceptionledger.contracts.Violation;
import dev.exceptionledger.review.domain.BlindSpotReport;
import dev.exceptionledger.review.domain.FeedbackText;
import dev.exceptionledger.review.domain.InvalidRequestException;
import dev.exceptionledger.review.domain.ItemSource;
import dev.exceptionledger.review.domain.QueueQuery;
import dev.exceptionledger.review.domain.ReviewStatus;
import dev.exceptionledger.review.domain.VerdictSubmission;
import dev.exceptionledger.review.messaging.ReviewEvents;
import dev.exceptionledger.review.persistence.BlindSpots;
import dev.exceptionledger.review.persistence.ReviewItem;
import dev.exceptionledger.review.persistence.ReviewVerdict;
import dev.exceptionledger.support.Producers;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** The reviewers' queues, claims, verdicts and the blind-spot report. */
@Path("/reviews")
@Produces(MediaType.APPLICATION_JSON)
public class ReviewResource {

    private static final Logger LOG = Logger.getLogger(ReviewResource.class);
    /** The rule a reviewer's reroute is recorded under, in the REROUTED fact and the new team's queue item. */
    public static final String REROUTE_RULE = "review-verdict";
    public static final String CSV = "text/csv";

    @Inject
    SecurityIdentity identity;

    @Inject
    Producers producers;

    @Inject
    ReviewEvents events;

    @ConfigProperty(name = "review.claim.duration")
    Duration claimDuration;

    @ConfigProperty(name = "review.reroute.sla")
    Duration rerouteSla;

    @ConfigProperty(name = "review.blind-spots.default-period")
    Duration defaultPeriod;

    /** A page of the queue, the nearest SLA deadline first. Parameters are strings so bad ones get a 400 naming them. */
    @GET
    @RolesAllowed("reviewer")
    public ReviewPage list(@QueryParam("status") String status, @QueryParam("team") String team,
                           @QueryParam("intent") String intent, @QueryParam("priority") String priority,
                           @QueryParam("reasonCode") String reasonCode, @QueryParam("source") String source,
                           @QueryParam("claimed") String claimed,
                           @QueryParam("page") String page, @QueryParam("size") String size) {
        QueueQuery query = QueueQuery.parse(status, team, intent, priority, reasonCode, source, claimed, page, size);
        Instant now = Instant.now();
        PanacheQuery<ReviewItem> items = ReviewItem.queue(query, now);
        return new ReviewPage(items.list().stream().map(item -> ReviewSummary.of(item, now)).toList(),
                query.page(), query.size(), items.count());
    }

    @GET
    @Path("{id}")
    @RolesAllowed("reviewer")
    public ReviewDetail get(@PathParam("id") String id) {
        ReviewItem item = find(id, LockModeType.NONE);
        return ReviewDetail.of(item, item.status == ReviewStatus.DECIDED ? ReviewVerdict.latestFor(item.id) : null,
                Instant.now());
    }

    /**
     * Reserves an open item for the caller for {@code review.claim.duration}; claiming again extends it. Others get
     * a 409 until it expires, then the item is free again without anyone releasing it.
     */
    @POST
    @Path("{id}/claim")
    @RolesAllowed("reviewer")
    @Transactional
    public ClaimView claim(@PathParam("id") String id) {
        ReviewItem item = find(id, LockModeType.PESSIMISTIC_WRITE);
        String reviewer = identity.getPrincipal().getName();
        Instant now = Instant.now();
        if (item.status == ReviewStatus.DECIDED) {
            throw new ClientErrorException("review item " + id + " already has a verdict; nothing to claim",
                    Response.Status.CONFLICT);
        }
        refuseIfClaimedByOther(item, reviewer, now);
        item.claimedBy = reviewer;
        item.claimExpiresAt = now.plus(claimDuration);
        return new ClaimView(item.id, item.claimedBy, item.claimExpiresAt);
    }

    /** Gives a claim back before it expires; releasing an item nobody holds is a no-op. */
    @DELETE
    @Path("{id}/claim")
    @RolesAllowed("reviewer")
    @Transactional
    public Response release(@PathParam("id") String id) {
        ReviewItem item = find(id, LockModeType.PESSIMISTIC_WRITE);
        refuseIfClaimedByOther(item, identity.getPrincipal().getName(), Instant.now());
        item.claimedBy = null;
        item.claimExpiresAt = null;
        return Response.noContent().build();
    }

    /**
     * Records a verdict and answers only after the broker acknowledged its events: the ReviewRecorded, for
     * WRONG_TEAM the REROUTED InteractionRouted, and for a corrected intent the ClassifierFeedback. They are sent
     * inside the transaction: if one cannot be sent, nothing is recorded and the reviewer may retry. A verdict is
     * final; a correction is a new verdict whose {@code refersTo} names the item's current one.
     */
    @POST
    @Path("{id}/verdict")
    @RolesAllowed("reviewer")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    public Response verdict(@PathParam("id") String id, VerdictSubmission submission) {
        // the row lock makes a second, concurrent verdict wait and then see DECIDED
        ReviewItem item = find(id, LockModeType.PESSIMISTIC_WRITE);
        if (submission == null) {
            throw new InvalidRequestException("a JSON body is required",
                    List.of(new Violation("verdict", "is required, with a note")));
        }
        String reviewer = identity.getPrincipal().getName();
        Instant now = Instant.now();
        ReviewVerdict current = item.status == ReviewStatus.DECIDED ? ReviewVerdict.latestFor(item.id) : null;
        String refersTo = VerdictSubmission.trimmed(submission.refersTo());
        if (current != null && refersTo == null) {
            throw new ClientErrorException("review item " + id + " already has verdict " + current.id
                    + ", and a verdict is final: to correct it, send a new verdict with refersTo=" + current.id,
                    Response.Status.CONFLICT);
        }
        if (current != null && !refersTo.equals(current.id.toString())) {
            throw new ClientErrorException("refersTo must name the item's current verdict " + current.id
                    + ", was " + refersTo, Response.Status.CONFLICT);
        }
        if (current == null && refersTo != null) {
            throw new InvalidRequestException("nothing to correct", List.of(
                    new Violation("refersTo", "review item " + id + " has no verdict yet: leave refersTo out")));
        }
        refuseIfClaimedByOther(item, reviewer, now);
        Verdict verdict = submission.validate(item.team);

        ReviewVerdict v = new ReviewVerdict();
        v.id = UUID.randomUUID();
        v.eventId = v.id;
        v.reviewItemId = item.id;
        v.verdict = verdict;
        v.reviewer = reviewer;
        v.note = submission.note().strip();
        v.correctIntent = VerdictSubmission.trimmed(submission.correctIntent());
        v.correctTeam = VerdictSubmission.trimmed(submission.correctTeam());
        v.estimatedValue = submission.estimatedValue();
        v.refersTo = current == null ? null : current.id;
        v.recordedAt = now;
        v.persist();
        item.status = ReviewStatus.DECIDED;
        item.decidedAt = now;
        item.claimedBy = null;
        item.claimExpiresAt = null;

        EventEnvelope recorded = new EventEnvelope(v.eventId, ReviewRecorded.TYPE, EventEnvelope.SCHEMA_VERSION,
                item.interactionId, v.recordedAt, producers.producer(), item.interactionId,
                item.handoffEventId.toString(), Json.tree(new ReviewRecorded(v.id.toString(), v.verdict, v.reviewer,
                v.note, item.team, v.correctIntent, v.correctTeam, v.estimatedValue,
                v.refersTo == null ? null : v.refersTo.toString(), v.recordedAt)));
        EventEnvelope rerouted = verdict == Verdict.WRONG_TEAM ? reroute(item, v, recorded) : null;
        EventEnvelope feedback = feedback(item, v, current, recorded);
        // write before publishing, so a database error cannot follow an event that was already sent
        ReviewItem.flush();

        try {
            events.recorded(recorded);
            if (rerouted != null) {
                events.rerouted(rerouted);
            }
            if (feedback != null) {
                events.feedback(feedback);
            }
        } catch (RuntimeException e) {
            LOG.warnf(e, "the events of verdict %s on review item %s were not acknowledged; rolling back", v.id,
                    item.id);
            throw new ServiceUnavailableException("the verdict was not recorded: the event broker did not"
                    + " acknowledge it; retry later");
        }
        return Response.status(Response.Status.CREATED).entity(VerdictView.of(v, item)).build();
    }

    /** The REROUTED fact for the ledger, and the item in the new team's queue (once per interaction and team). */
    private EventEnvelope reroute(ReviewItem item, ReviewVerdict v, EventEnvelope recorded) {
        String fromTeam = item.source == ItemSource.AUDIT ? null : item.team;
        String explanation = "reviewer " + v.reviewer + " judged it WRONG_TEAM" + (fromTeam == null ? "" : " for "
                + fromTeam) + " and sent it to " + v.correctTeam + ": " + abbreviate(v.note, 300);
        Instant deadline = v.recordedAt.plus(rerouteSla);
        EventEnvelope rerouted = EventEnvelope.causedBy(recorded, InteractionRouted.TYPE, producers.producer(),
                new InteractionRouted(RoutingOutcome.REROUTED, v.correctTeam, fromTeam, item.priority, deadline,
                        "WRONG_TEAM", REROUTE_RULE, item.policyVersion, explanation));
        ReviewItem.queueRerouted(item, v.correctTeam, REROUTE_RULE, rerouted.eventId(), deadline, explanation);
        return rerouted;
    }

    /**
     * A verdict naming an intent other than the classifier's becomes an example for the classifier. A correction
     * of such a verdict is published too (refersToReviewId), even when it no longer corrects the intent, so the
     * classifier can replace the earlier example; it then carries the intent now judged right.
     */
    private EventEnvelope feedback(ReviewItem item, ReviewVerdict v, ReviewVerdict corrected, EventEnvelope recorded) {
        boolean correctsIntent = v.correctIntent != null && !v.correctIntent.equals(item.intent);
        boolean replacesExample = corrected != null && corrected.correctIntent != null
                && !corrected.correctIntent.equals(item.intent);
        String text = FeedbackText.of(item.packet);
        if (text == null || !(correctsIntent || replacesExample)) {
            return null;
        }
        String rightIntent = correctsIntent ? v.correctIntent : item.intent;
        return EventEnvelope.causedBy(recorded, ClassifierFeedback.TYPE, producers.producer(),
                new ClassifierFeedback(text, rightIntent, item.intent, v.id.toString(), item.interactionId,
                        v.correctTeam, item.taxonomyVersion, v.refersTo == null ? null : v.refersTo.toString(),
                        v.recordedAt));
    }

    /**
     * Overturn and missed-opportunity rates by intent, channel, routing outcome, agent action and novelty band,
     * over verdicts recorded in [from, to) (default: the last {@code review.blind-spots.default-period}); the
     * clusters where the system is most often wrong come first. JSON, or CSV with {@code Accept: text/csv} or
     * {@code format=csv}.
     */
    @GET
    @Path("blind-spots")
    @RolesAllowed({"reviewer", "compliance"})
    @Produces({MediaType.APPLICATION_JSON, CSV})
    public Response blindSpots(@QueryParam("from") String from, @QueryParam("to") String to,
                               @QueryParam("format") String format, @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        List<Violation> violations = new ArrayList<>();
        Instant parsedTo = instant("to", to, Instant.now(), violations);
        Instant parsedFrom = instant("from", from, parsedTo.minus(defaultPeriod), violations);
        if (violations.isEmpty() && !parsedFrom.isBefore(parsedTo)) {
            violations.add(new Violation("from", "must be before to"));
        }
        boolean csv = format != null ? "csv".equalsIgnoreCase(format.strip())
                : accept != null && accept.toLowerCase(Locale.ROOT).contains(CSV)
                && !accept.toLowerCase(Locale.ROOT).contains(MediaType.APPLICATION_JSON);
        if (format != null && !csv && !"json".equalsIgnoreCase(format.strip())) {
            violations.add(new Violation("format", "must be json or csv, was '" + format + "'"));
        }
        if (!violations.isEmpty()) {
            throw new InvalidRequestException("invalid query parameters", violations);
        }
        BlindSpotReport report = BlindSpotReport.of(parsedFrom, parsedTo,
                BlindSpots.reviewedBetween(parsedFrom, parsedTo));
        return csv ? Response.ok(report.toCsv(), CSV + ";charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"blind-spots.csv\"").build()
                : Response.ok(report, MediaType.APPLICATION_JSON).build();
    }

    private static Instant instant(String name, String raw, Instant fallback, List<Violation> violations) {
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            return Instant.parse(raw.strip());
        } catch (DateTimeParseException e) {
            violations.add(new Violation(name, "must be an ISO-8601 instant such as 2026-01-31T00:00:00Z, was '"
                    + raw + "'"));
            return fallback;
        }
    }

    private static void refuseIfClaimedByOther(ReviewItem item, String reviewer, Instant now) {
        if (item.claimedByOtherThan(reviewer, now)) {
            throw new ClientErrorException("review item " + item.id + " is claimed by " + item.claimedBy + " until "
                    + item.claimExpiresAt, Response.Status.CONFLICT);
        }
    }

    private static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    static ReviewItem find(String id, LockModeType lock) {
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
