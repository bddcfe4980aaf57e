package dev.exceptionledger.console.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.exceptionledger.console.clients.LedgerApi;
import dev.exceptionledger.console.domain.DailyChart;
import dev.exceptionledger.console.domain.FunnelChart;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The funnel as a picture (GET /ledger/funnel: roles compliance, reviewer), for a range of days, live or imported
 * traffic, and a channel.
 */
@Path("/funnel")
@Produces(MediaType.TEXT_HTML)
public class FunnelResource {

    /** The per-day chart asks the ledger once per day: at most this many days. */
    static final int MAX_DAYS = 31;
    static final Map<String, String> RANGES = ranges();
    /** the ledger's {@code traffic} (an import's interactions count at their original time) */
    static final List<String> TRAFFIC = List.of("all", "live", "imported");

    private static Map<String, String> ranges() {
        Map<String, String> ranges = new LinkedHashMap<>();
        for (String days : List.of("1", "7", "14", "30")) {
            ranges.put(days + "d", days.equals("1") ? "today" : "last " + days + " days");
        }
        ranges.put("all", "everything");
        ranges.put("custom", "from … to");
        return ranges;
    }

    private final LedgerApi ledger;
    private final Template funnel;

    FunnelResource(@RestClient LedgerApi ledger, @Location("funnel.html") Template funnel) {
        this.ledger = ledger;
        this.funnel = funnel;
    }

    /**
     * @param range {@code 1d}, {@code 7d}, {@code 14d} (default), {@code 30d} up to today, {@code all}, or
     *              {@code custom} with {@code from} and {@code to} (days, inclusive)
     */
    @GET
    @RolesAllowed({"compliance", "reviewer"})
    public TemplateInstance funnel(@QueryParam("range") String range, @QueryParam("from") String from,
                                   @QueryParam("to") String to, @QueryParam("traffic") String traffic,
                                   @QueryParam("channel") String channel,
                                   @QueryParam("intent") String intent, @QueryParam("team") String team) {
        Days days = Days.of(range == null || range.isBlank() ? "14d" : range, from, to);
        String tr = traffic(traffic);
        String ch = blankToNull(channel);
        String in = blankToNull(intent);
        String tm = blankToNull(team);
        JsonNode counts = ledger.funnel(days.fromInstant(), days.toInstant(), tr, ch, in, tm);
        Viewer viewer = Viewer.current();
        Map<String, String> filters = new LinkedHashMap<>();
        filters.put("intent", in);
        filters.put("team", tm);
        FunnelChart.Links links = key -> link(key, viewer, days, filters, ch);
        List<FunnelChart.Bar> bars = FunnelChart.bars(counts, links);

        List<DailyChart.Day> daily = new ArrayList<>();
        if (days.bounded()) {
            List<JsonNode> perDay = new ArrayList<>();
            long busiest = 0;
            for (LocalDate day = days.first(); !day.isAfter(days.last()); day = day.plusDays(1)) {
                JsonNode dayCounts = ledger.funnel(start(day), start(day.plusDays(1)), tr, ch, in, tm);
                perDay.add(dayCounts);
                busiest = Math.max(busiest, dayCounts.path("received").asLong());
            }
            LocalDate day = days.first();
            for (JsonNode dayCounts : perDay) {
                daily.add(DailyChart.day(daily.size(), day, dayCounts, busiest));
                day = day.plusDays(1);
            }
        }
        return funnel.data("range", days.range()).data("ranges", RANGES.entrySet()).data("from", days.first()).data("to", days.last())
                .data("traffic", tr).data("trafficKinds", TRAFFIC)
                .data("channel", ch == null ? "" : ch).data("intent", in == null ? "" : in)
                .data("team", tm == null ? "" : tm).data("bars", bars)
                .data("agentActions", FunnelChart.agentActions(counts))
                .data("missedValue", counts.path("missedOpportunityValue").asDouble())
                .data("received", counts.path("received").asLong()).data("daily", daily)
                .data("parts", DailyChart.PARTS).data("height", FunnelChart.height(bars))
                .data("dailyWidth", DailyChart.width(daily));
    }

    /** The traffic asked for, or all when none or an unknown one is asked for. */
    static String traffic(String asked) {
        return asked != null && TRAFFIC.contains(asked) ? asked : "all";
    }

    /**
     * Where a stage's interactions are listed for this user: a reviewer gets the review queue (escalations and
     * reroutes as queued, agent-handled and discarded ones as the audit sampled them, reviewed ones as decided
     * items); compliance the ledger's replay of the stage's events. Null where neither lists it.
     */
    static String link(String key, Viewer viewer, Days days, Map<String, String> filters, String channel) {
        if (viewer.reviewer()) {
            String queue = switch (key) {
                case "routed.ESCALATED" -> "/queue?source=handoff";
                case "routed.REROUTED" -> "/queue?source=reroute";
                case "routed.AGENT_HANDLED", "routed.DISCARDED" -> "/queue?source=audit";
                default -> key.startsWith("reviewed") ? "/queue?status=decided" : null;
            };
            if (queue != null) {
                StringBuilder url = new StringBuilder(queue);
                filters.forEach((name, value) -> {
                    if (value != null) {
                        url.append('&').append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
                    }
                });
                return url.toString();
            }
        }
        if (viewer.compliance() && channel == null) {
            String type = switch (key) {
                case "received" -> "InteractionReceived";
                case "rejected" -> "InteractionRejected";
                case "deadLettered" -> "MessageDeadLettered";
                case "routed.ESCALATED", "routed.AGENT_HANDLED", "routed.DISCARDED", "routed.REROUTED" ->
                        "InteractionRouted";
                default -> key.startsWith("reviewed") ? "ReviewRecorded"
                        : key.startsWith("outcome.") ? "OutcomeReported" : null;
            };
            if (type != null) {
                return "/compliance/replay?type=" + type + (days.bounded()
                        ? "&from=" + days.first() + "&to=" + days.last() : "");
            }
        }
        return null;
    }

    private static String start(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant().toString();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** A range of whole days (UTC), or everything. */
    record Days(String range, LocalDate first, LocalDate last) {

        static Days of(String range, String from, String to) {
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            if (range.equals("all")) {
                return new Days(range, null, null);
            }
            if (range.equals("custom")) {
                LocalDate first = date("from", from);
                LocalDate last = date("to", to);
                if (last.isBefore(first)) {
                    throw new BadRequestException("'to' must not be before 'from'");
                }
                return new Days(range, first, last);
            }
            if (!range.matches("\\d{1,2}d") || Integer.parseInt(range.substring(0, range.length() - 1)) < 1
                    || Integer.parseInt(range.substring(0, range.length() - 1)) > MAX_DAYS) {
                throw new BadRequestException("range must be 1d to " + MAX_DAYS + "d, all or custom, not '" + range + "'");
            }
            return new Days(range, today.minusDays(Integer.parseInt(range.substring(0, range.length() - 1)) - 1),
                    today);
        }

        boolean bounded() {
            return first != null && !first.plusDays(MAX_DAYS).isBefore(last.plusDays(1));
        }

        String fromInstant() {
            return first == null ? null : start(first);
        }

        String toInstant() {
            return last == null ? null : start(last.plusDays(1));
        }

        private static LocalDate date(String name, String value) {
            try {
                return LocalDate.parse(value);
            } catch (DateTimeParseException | NullPointerException e) {
                throw new BadRequestException("'" + name + "' must be a day such as 2026-01-31, not '" + value + "'");
            }
        }
    }
}
