package dev.exceptionledger.review;

import dev.exceptionledger.contracts.ClassifierFeedback;
import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.contracts.InteractionRouted;
import dev.exceptionledger.contracts.Json;
import dev.exceptionledger.contracts.ReasonCode;
import dev.exceptionledger.contracts.ReviewRecorded;
import dev.exceptionledger.contracts.RoutingOutcome;
import dev.exceptionledger.contracts.Verdict;
import dev.exceptionledger.contracts.Violation;
import dev.exceptionledger.review.domain.ConflictException;
import dev.exceptionledger.review.domain.ContactIds;
import dev.exceptionledger.review.domain.FeedbackText;
import dev.exceptionledger.review.domain.InvalidRequestException;
import dev.exceptionledger.review.domain.ItemSource;
import dev.exceptionledger.review.domain.VerdictSubmission;
import dev.exceptionledger.review.messaging.BrokerUnavailableException;
import dev.exceptionledger.review.messaging.ReviewEvents;
import dev.exceptionledger.review.persistence.ReviewItem;
import dev.exceptionledger.review.persistence.ReviewVerdict;
import dev.exceptionledger.support.Producers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Records a reviewer's verdict and what it sets off: the ReviewRecorded for the ledger, for WRONG_TEAM the REROUTED
 * InteractionRouted and an item in the new team's queue, and for a corrected intent the ClassifierFeedback. The
 * events are sent inside the transaction and acknowledged before it commits: if one cannot be sent, nothing is
 * recorded and the reviewer may retry. A verdict is final; a correction is a new verdict whose {@code refersTo}
 * names the item's current one.
 */
@ApplicationScoped
public class Verdicts {

    private static final Logger LOG = Logger.getLogger(Verdicts.class);
    /** The rule a reviewer's reroute is recorded under, in the REROUTED fact and the new team's queue item. */
    private static final String REROUTE_RULE = "review-verdict";

    private final ReviewEvents events;
    private final Producers producers;
    private final Duration rerouteSla;

    public Verdicts(ReviewEvents events, Producers producers,
                    @ConfigProperty(name = "review.reroute.sla") Duration rerouteSla) {
        this.events = events;
        this.producers = producers;
        this.rerouteSla = rerouteSla;
    }

    /** A verdict as recorded, and the item it decided. */
    public record Recorded(ReviewItem item, ReviewVerdict verdict) { }

    @Transactional
    public Recorded record(UUID itemId, String reviewer, VerdictSubmission submission) {
        // the row lock makes a second, concurrent verdict wait and then see DECIDED
        ReviewItem item = ReviewItem.findExisting(itemId, LockModeType.PESSIMISTIC_WRITE);
        if (submission == null) {
            throw new InvalidRequestException("a JSON body is required",
                    List.of(new Violation("verdict", "is required, with a note")));
        }
        Instant now = Instant.now();
        ReviewVerdict current = item.currentVerdict();
        refuseUnlessCorrecting(item, current, VerdictSubmission.trimmed(submission.refersTo()));
        Claims.refuseIfClaimedByOther(item, reviewer, now);
        Verdict verdict = submission.validate(item.team, item.source);

        ReviewVerdict v = newVerdict(item, current, verdict, reviewer, submission, now);
        v.persist();
        item.decide(now);

        EventEnvelope recorded = recorded(item, v);
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
            throw new BrokerUnavailableException("the verdict was not recorded: the event broker did not"
                    + " acknowledge it; retry later", e);
        }
        return new Recorded(item, v);
    }

    /** A first verdict names nothing in {@code refersTo}; a correction names the item's current verdict. */
    private static void refuseUnlessCorrecting(ReviewItem item, ReviewVerdict current, String refersTo) {
        if (current != null && refersTo == null) {
            throw new ConflictException("review item " + item.id + " already has verdict " + current.id
                    + ", and a verdict is final: to correct it, send a new verdict with refersTo=" + current.id);
        }
        if (current != null && !refersTo.equals(current.id.toString())) {
            throw new ConflictException("refersTo must name the item's current verdict " + current.id
                    + ", was " + refersTo);
        }
        if (current == null && refersTo != null) {
            throw new InvalidRequestException("nothing to correct", List.of(
                    new Violation("refersTo", "review item " + item.id + " has no verdict yet: leave refersTo out")));
        }
    }

    private static ReviewVerdict newVerdict(ReviewItem item, ReviewVerdict current, Verdict verdict, String reviewer,
                                            VerdictSubmission submission, Instant now) {
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
        return v;
    }

    /** The fact for the ledger: eventId = the verdict's id, caused by the event that queued the item. */
    private EventEnvelope recorded(ReviewItem item, ReviewVerdict v) {
        return new EventEnvelope(v.eventId, ReviewRecorded.TYPE, EventEnvelope.SCHEMA_VERSION, item.interactionId,
                v.recordedAt, producers.producer(), item.interactionId, item.handoffEventId.toString(),
                Json.tree(new ReviewRecorded(v.id.toString(), v.verdict, v.reviewer, v.note, item.team,
                        v.correctIntent, v.correctTeam, v.estimatedValue,
                        v.refersTo == null ? null : v.refersTo.toString(), v.recordedAt, item.ruleId, item.intent,
                        item.policyVersion)), ContactIds.subjectOf(item.contactId, item.interactionId));
    }

    /** The REROUTED fact for the ledger, and the item in the new team's queue (once per interaction and team). */
    private EventEnvelope reroute(ReviewItem item, ReviewVerdict v, EventEnvelope recorded) {
        String fromTeam = item.source == ItemSource.AUDIT ? null : item.team;
        String explanation = "reviewer " + v.reviewer + " judged it WRONG_TEAM" + (fromTeam == null ? "" : " for "
                + fromTeam) + " and sent it to " + v.correctTeam + ": " + abbreviate(v.note, 300);
        Instant deadline = v.recordedAt.plus(rerouteSla);
        EventEnvelope rerouted = EventEnvelope.causedBy(recorded, InteractionRouted.TYPE, producers.producer(),
                new InteractionRouted(RoutingOutcome.REROUTED, v.correctTeam, fromTeam, item.priority, deadline,
                        ReasonCode.WRONG_TEAM.name(), REROUTE_RULE, item.policyVersion, explanation));
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

    private static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
