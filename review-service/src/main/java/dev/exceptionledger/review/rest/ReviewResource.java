package dev.exceptionledger.review.rest;

import dev.exceptionledger.contracts.Violation;
import dev.exceptionledger.review.Claims;
import dev.exceptionledger.review.Verdicts;
import dev.exceptionledger.review.domain.BlindSpotReport;
import dev.exceptionledger.review.domain.InvalidRequestException;
import dev.exceptionledger.review.domain.NotFoundException;
import dev.exceptionledger.review.domain.QueueQuery;
import dev.exceptionledger.review.domain.VerdictSubmission;
import dev.exceptionledger.review.persistence.BlindSpots;
import dev.exceptionledger.review.persistence.ReviewItem;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.persistence.LockModeType;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** The reviewers' queues, claims, verdicts and the blind-spot report. The reviewer is the token's principal. */
@Path("/reviews")
@Produces(MediaType.APPLICATION_JSON)
public class ReviewResource {

    static final String CSV = "text/csv";

    private final SecurityIdentity identity;
    private final Claims claims;
    private final Verdicts verdicts;
    private final Duration defaultPeriod;
    private final MeterRegistry metrics;

    ReviewResource(SecurityIdentity identity, Claims claims, Verdicts verdicts,
                   @ConfigProperty(name = "review.blind-spots.default-period") Duration defaultPeriod,
                   MeterRegistry metrics) {
        this.identity = identity;
        this.claims = claims;
        this.verdicts = verdicts;
        this.defaultPeriod = defaultPeriod;
        this.metrics = metrics;
    }

    /** A page of the queue, the nearest SLA deadline first. Parameters are strings so bad ones get a 400 naming them. */
    @GET
    @RolesAllowed("reviewer")
    public ReviewPage list(@QueryParam("status") String status, @QueryParam("team") String team,
                           @QueryParam("intent") String intent, @QueryParam("priority") String priority,
                           @QueryParam("reasonCode") String reasonCode, @QueryParam("source") String source,
                           @QueryParam("claimed") String claimed, @QueryParam("interactionId") String interactionId,
                           @QueryParam("externalId") String externalId,
                           @QueryParam("contactEmail") String contactEmail,
                           @QueryParam("page") String page, @QueryParam("size") String size) {
        QueueQuery query = QueueQuery.parse(status, team, intent, priority, reasonCode, source, claimed, interactionId,
                externalId, contactEmail, page, size);
        Instant now = Instant.now();
        PanacheQuery<ReviewItem> items = ReviewItem.queue(query, now);
        return new ReviewPage(items.list().stream().map(item -> ReviewSummary.of(item, now)).toList(),
                query.page(), query.size(), items.count());
    }

    @GET
    @Path("{id}")
    @RolesAllowed("reviewer")
    public ReviewDetail get(@PathParam("id") String id) {
        ReviewItem item = ReviewItem.findExisting(itemId(id), LockModeType.NONE);
        return ReviewDetail.of(item, item.currentVerdict(), Instant.now());
    }

    /** See {@link Claims}: 409 while someone else's claim is live or once decided. */
    @POST
    @Path("{id}/claim")
    @RolesAllowed("reviewer")
    public ClaimView claim(@PathParam("id") String id) {
        ReviewItem item = claims.claim(itemId(id), reviewer());
        return new ClaimView(item.id, item.claimedBy, item.claimExpiresAt);
    }

    @DELETE
    @Path("{id}/claim")
    @RolesAllowed("reviewer")
    public Response release(@PathParam("id") String id) {
        claims.release(itemId(id), reviewer());
        return Response.noContent().build();
    }

    /** See {@link Verdicts}: 201 once the broker acknowledged the verdict's events, 503 when it did not. */
    @POST
    @Path("{id}/verdict")
    @RolesAllowed("reviewer")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response verdict(@PathParam("id") String id, VerdictSubmission submission) {
        Verdicts.Recorded recorded = verdicts.record(itemId(id), reviewer(), submission);
        // counted once committed and acknowledged (record returned)
        metrics.counter("exledger.verdicts", "kind", recorded.verdict().verdict.name()).increment();
        return Response.status(Response.Status.CREATED)
                .entity(VerdictView.of(recorded.verdict(), recorded.item())).build();
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

    private String reviewer() {
        return identity.getPrincipal().getName();
    }

    private static UUID itemId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("no review item " + id + ": review ids are UUIDs");
        }
    }
}
