package dev.exceptionledger.ledger.rest;

import dev.exceptionledger.ledger.api.FetchFunnelQuery;
import dev.exceptionledger.ledger.api.FunnelResponse;
import dev.exceptionledger.ledger.api.TimelineEntry;
import dev.exceptionledger.ledger.api.TimelineResponse;
import dev.exceptionledger.ledger.persistence.TimelineReader;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.axonframework.queryhandling.QueryGateway;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

@Path("/ledger")
@Produces(MediaType.APPLICATION_JSON)
public class LedgerResource {

    static final String CSV = "text/csv";

    private final QueryGateway queries;
    private final TimelineReader timelines;

    LedgerResource(QueryGateway queries, TimelineReader timelines) {
        this.queries = queries;
        this.timelines = timelines;
    }

    /** Everything recorded for one interaction, in ledger order, personal fields decrypted or shown erased. */
    @GET
    @Path("/interactions/{interactionId}")
    @RolesAllowed({"compliance", "reviewer"})
    public TimelineResponse timeline(@PathParam("interactionId") String interactionId) {
        List<TimelineEntry> events = timelines.timeline(interactionId);
        if (events.isEmpty()) {
            throw new NotFoundException("nothing is recorded for interaction '" + interactionId + "': check the id");
        }
        return new TimelineResponse(interactionId, events);
    }

    /**
     * Counts per funnel stage over interactions that happened in [from, to) (optional ISO-8601 instants; an imported
     * interaction at its original time, live traffic when first seen), of {@code traffic} live, imported or all (the
     * default), optionally of one channel, intent or (latest routing) team, or of the interactions whose externalId
     * starts with {@code externalIdPrefix} (one batch of a sender's traffic, e.g. one run of the local demo).
     */
    @GET
    @Path("/funnel")
    @RolesAllowed({"compliance", "reviewer"})
    public FunnelResponse funnel(@QueryParam("from") String from, @QueryParam("to") String to,
                                 @QueryParam("traffic") String traffic,
                                 @QueryParam("channel") String channel, @QueryParam("intent") String intent,
                                 @QueryParam("team") String team,
                                 @QueryParam("externalIdPrefix") String externalIdPrefix) {
        Instant fromInstant = instant("from", from);
        Instant toInstant = instant("to", to);
        if (fromInstant != null && toInstant != null && !fromInstant.isBefore(toInstant)) {
            throw new IllegalArgumentException("'from' must be before 'to'");
        }
        return queries.query(new FetchFunnelQuery(fromInstant, toInstant, imported(traffic), blankToNull(channel),
                blankToNull(intent), blankToNull(team), blankToNull(externalIdPrefix)), FunnelResponse.class).join();
    }

    /** {@code traffic}: live (false), imported (true) or all (null, also when absent). */
    private static Boolean imported(String traffic) {
        String t = blankToNull(traffic);
        if (t == null || t.equalsIgnoreCase("all")) {
            return null;
        }
        if (t.equalsIgnoreCase("live") || t.equalsIgnoreCase("imported")) {
            return t.equalsIgnoreCase("imported");
        }
        throw new IllegalArgumentException("'traffic' must be live, imported or all, was '" + traffic + "'");
    }

    /** The same funnel as CSV: one line per count, {@code stage,count,value}. */
    @GET
    @Path("/funnel")
    @Produces(CSV)
    @RolesAllowed({"compliance", "reviewer"})
    public String funnelCsv(@QueryParam("from") String from, @QueryParam("to") String to,
                            @QueryParam("traffic") String traffic,
                            @QueryParam("channel") String channel, @QueryParam("intent") String intent,
                            @QueryParam("team") String team,
                            @QueryParam("externalIdPrefix") String externalIdPrefix) {
        FunnelResponse funnel = funnel(from, to, traffic, channel, intent, team, externalIdPrefix);
        StringBuilder csv = new StringBuilder("stage,count,value\n");
        line(csv, "received", funnel.received(), null);
        line(csv, "rejected", funnel.rejected(), null);
        line(csv, "accepted", funnel.accepted(), null);
        line(csv, "classified", funnel.classified(), null);
        line(csv, "pending.notYetClassified", funnel.pending().notYetClassified(), null);
        line(csv, "pending.notYetRouted", funnel.pending().notYetRouted(), null);
        funnel.routed().forEach((outcome, count) -> line(csv, "routed." + outcome, count, null));
        funnel.reviewed().forEach((verdict, count) -> line(csv, "reviewed." + verdict, count,
                verdict.name().equals("MISSED_OPPORTUNITY") ? funnel.missedOpportunityValue() : null));
        line(csv, "stalled", funnel.stalled().total(), null);
        line(csv, "stalled.stillOpen", funnel.stalled().stillOpen(), null);
        line(csv, "stalled.completedLate", funnel.stalled().completedLate(), null);
        line(csv, "deadLettered", funnel.deadLettered(), null);
        funnel.agentActions().forEach((action, count) -> line(csv, "agentAction." + action, count, null));
        for (Map.Entry<String, FunnelResponse.Outcome> outcome : funnel.outcomes().entrySet()) {
            line(csv, "outcome." + outcome.getKey(), outcome.getValue().count(), outcome.getValue().value());
        }
        return csv.toString();
    }

    private static void line(StringBuilder csv, String stage, long count, Double value) {
        csv.append(stage).append(',').append(count).append(',').append(value == null ? "" : value).append('\n');
    }

    static Instant instant(String name, String value) {
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

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
