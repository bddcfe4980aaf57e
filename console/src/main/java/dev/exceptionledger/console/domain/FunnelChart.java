package dev.exceptionledger.console.domain;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.qute.TemplateData;

import java.util.ArrayList;
import java.util.List;

/**
 * The ledger's funnel ({@code GET /ledger/funnel}) as rows of a bar chart: each stage with its count, its share of
 * everything received, how deep it sits in the funnel, and (where one exists) the page listing its interactions.
 */
public final class FunnelChart {
    private FunnelChart() { }

    /**
     * @param key   the stage's name in the ledger's CSV ({@code routed.ESCALATED}); tests find bars by it
     * @param value a money value where the stage has one (missed opportunities, outcomes), else null
     * @param href  where the interactions of the stage are listed, or null
     */
    @TemplateData
    public record Bar(int index, String key, String label, long count, Double value, int depth, double share,
                      String href) {
        /** Width as a percentage of the widest bar (everything received), a sliver for a non-empty small stage. */
        public double width() {
            return count == 0 ? 0 : Math.max(0.6, share * 100);
        }

        /** The chart's coordinates: a row of 30 per stage, labels indented by depth, bars from x=300 (560 wide). */
        public int y() {
            return index * ROW + 5;
        }

        public int barY() {
            return y() + 3;
        }

        public int textY() {
            return y() + 18;
        }

        public int labelX() {
            return depth * 16 + 4;
        }

        public double barWidth() {
            return width() * 5.6;
        }

        public double countX() {
            return 306 + barWidth();
        }

        public String cssClass() {
            return key.replace('.', '-');
        }
    }

    static final int ROW = 30;

    /** The chart's height for its bars. */
    public static int height(List<Bar> bars) {
        return bars.size() * ROW + 10;
    }

    /** What each stage links to: the console's list of its interactions for the signed-in user, or null. */
    public interface Links {
        String of(String key);
    }

    public static List<Bar> bars(JsonNode funnel, Links links) {
        long received = funnel.path("received").asLong();
        List<Bar> bars = new ArrayList<>();
        Adder add = (key, label, count, value, depth) -> bars.add(new Bar(bars.size(), key, label, count, value, depth,
                received == 0 ? 0 : (double) count / received, links.of(key)));
        add.bar("received", "received", received, null, 0);
        add.bar("rejected", "rejected at intake", funnel.path("rejected").asLong(), null, 1);
        add.bar("accepted", "accepted", funnel.path("accepted").asLong(), null, 1);
        add.bar("pending.notYetClassified", "not yet classified",
                funnel.path("pending").path("notYetClassified").asLong(), null, 2);
        add.bar("classified", "classified", funnel.path("classified").asLong(), null, 2);
        add.bar("pending.notYetRouted", "not yet routed", funnel.path("pending").path("notYetRouted").asLong(),
                null, 3);
        String[][] routed = {{"AGENT_HANDLED", "agent-handled"}, {"ESCALATED", "escalated to a human"},
                {"REROUTED", "rerouted"}, {"DISCARDED", "discarded"}};
        for (String[] r : routed) {
            add.bar("routed." + r[0], r[1], funnel.path("routed").path(r[0]).asLong(), null, 3);
        }
        long reviewed = 0;
        for (JsonNode count : funnel.path("reviewed")) {
            reviewed += count.asLong();
        }
        add.bar("reviewed", "reviewed", reviewed, null, 1);
        String[][] verdicts = {{"CONFIRMED", "confirmed"}, {"OVERTURNED", "overturned"},
                {"MISSED_OPPORTUNITY", "missed opportunity"}, {"WRONG_TEAM", "wrong team"},
                {"UNNECESSARY", "unnecessary escalation"}};
        for (String[] v : verdicts) {
            add.bar("reviewed." + v[0], v[1], funnel.path("reviewed").path(v[0]).asLong(),
                    v[0].equals("MISSED_OPPORTUNITY") ? funnel.path("missedOpportunityValue").asDouble() : null, 2);
        }
        funnel.path("outcomes").properties().forEach(o -> add.bar("outcome." + o.getKey(),
                "outcome " + o.getKey().toLowerCase(), o.getValue().path("count").asLong(),
                o.getValue().path("value").asDouble(), 1));
        add.bar("stalled", "stalled (not routed in time)", funnel.path("stalled").path("total").asLong(), null, 1);
        add.bar("stalled.stillOpen", "still not routed", funnel.path("stalled").path("stillOpen").asLong(), null, 2);
        add.bar("stalled.completedLate", "routed late", funnel.path("stalled").path("completedLate").asLong(), null, 2);
        add.bar("deadLettered", "dead-lettered", funnel.path("deadLettered").asLong(), null, 1);
        return bars;
    }

    /** The agent's own actions on what it was sent (canonical action → count), as bars of the same scale. */
    public static List<Bar> agentActions(JsonNode funnel) {
        long received = funnel.path("received").asLong();
        List<Bar> bars = new ArrayList<>();
        funnel.path("agentActions").properties().forEach(a -> bars.add(new Bar(bars.size(), "agentAction." + a.getKey(),
                a.getKey(), a.getValue().asLong(), null, 1,
                received == 0 ? 0 : a.getValue().asDouble() / received, null)));
        return bars;
    }

    private interface Adder {
        void bar(String key, String label, long count, Double value, int depth);
    }
}
