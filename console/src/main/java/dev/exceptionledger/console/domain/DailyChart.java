package dev.exceptionledger.console.domain;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.qute.TemplateData;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The funnel per day as stacked columns: what became of each day's interactions (rejected, agent-handled, escalated,
 * rerouted, discarded, not routed yet), scaled to the busiest day.
 */
public final class DailyChart {
    private DailyChart() { }

    public static final List<String> PARTS = List.of("rejected", "AGENT_HANDLED", "ESCALATED", "REROUTED",
            "DISCARDED", "pending");

    /** One segment of a day's column, in chart units (0..100 of the busiest day's height, from y=10). */
    @TemplateData
    public record Segment(String part, long count, double y, double height) { }

    /** A day's column, 40 wide, at {@code x}. */
    @TemplateData
    public record Day(int index, LocalDate date, long received, long missedOpportunities, List<Segment> segments) {
        public String label() {
            return date.toString().substring(5);
        }

        public int x() {
            return index * 40 + 10;
        }

        public int middle() {
            return x() + 15;
        }
    }

    /** The chart's width for its days. */
    public static int width(List<Day> days) {
        return days.size() * 40 + 20;
    }

    public static Day day(int index, LocalDate date, JsonNode funnel, long busiest) {
        long received = funnel.path("received").asLong();
        long routed = 0;
        long[] counts = new long[PARTS.size()];
        counts[0] = funnel.path("rejected").asLong();
        for (int i = 1; i <= 4; i++) {
            counts[i] = funnel.path("routed").path(PARTS.get(i)).asLong();
            routed += counts[i];
        }
        counts[5] = Math.max(0, received - counts[0] - routed);
        List<Segment> segments = new ArrayList<>();
        double top = 110;
        for (int i = 0; i < counts.length; i++) {
            double height = busiest == 0 ? 0 : 100.0 * counts[i] / busiest;
            top -= height;
            segments.add(new Segment(PARTS.get(i), counts[i], top, height));
        }
        return new Day(index, date, received, funnel.path("reviewed").path("MISSED_OPPORTUNITY").asLong(), segments);
    }
}
