package dev.exceptionledger.console.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class FunnelChartTest {

    /** A funnel as ledger-service answers it (its README's shape). */
    static final String FUNNEL = """
            {"received":200,"rejected":10,"accepted":190,"classified":185,
             "routed":{"AGENT_HANDLED":120,"ESCALATED":40,"REROUTED":5,"DISCARDED":18},
             "reviewed":{"CONFIRMED":20,"OVERTURNED":3,"MISSED_OPPORTUNITY":4,"WRONG_TEAM":2,"UNNECESSARY":1},
             "deadLettered":1,"pending":{"notYetClassified":5,"notYetRouted":2},
             "stalled":{"total":3,"stillOpen":1,"completedLate":2},
             "outcomes":{"WON":{"count":2,"value":50000.0}},"missedOpportunityValue":61000.0,
             "agentActions":{"closed":90,"answered":60,"other":4}}""";

    @Test
    void everyStageOfTheLedgersFunnelIsABarScaledToWhatWasReceived() throws Exception {
        JsonNode funnel = new ObjectMapper().readTree(FUNNEL);
        Map<String, FunnelChart.Bar> bars = FunnelChart.bars(funnel, key -> key.equals("routed.ESCALATED") ? "/queue" : null)
                .stream().collect(Collectors.toMap(FunnelChart.Bar::key, Function.identity()));

        assertEquals(200, bars.get("received").count());
        assertEquals(100.0, bars.get("received").width());
        assertEquals(10, bars.get("rejected").count());
        assertEquals(40, bars.get("routed.ESCALATED").count());
        assertEquals(0.2, bars.get("routed.ESCALATED").share());
        assertEquals(2, bars.get("pending.notYetRouted").count());
        assertEquals(30, bars.get("reviewed").count(), "the verdicts added up");
        assertEquals(61000.0, bars.get("reviewed.MISSED_OPPORTUNITY").value());
        assertEquals(50000.0, bars.get("outcome.WON").value());
        assertEquals(1, bars.get("stalled.stillOpen").count());
        assertEquals(1, bars.get("deadLettered").count());
        assertEquals("/queue", bars.get("routed.ESCALATED").href());
        assertNull(bars.get("rejected").href());
        assertEquals(0.6, bars.get("deadLettered").width(), "a small non-empty stage stays visible");
    }

    @Test
    void rowsStackDownTheChart() throws Exception {
        List<FunnelChart.Bar> bars = FunnelChart.bars(new ObjectMapper().readTree(FUNNEL), key -> null);
        assertEquals(5, bars.get(0).y());
        assertEquals(35, bars.get(1).y());
        assertEquals(bars.size() * 30 + 10, FunnelChart.height(bars));
    }

    @Test
    void anEmptyLedgerDrawsNoBars() throws Exception {
        List<FunnelChart.Bar> bars = FunnelChart.bars(new ObjectMapper().readTree("{\"received\":0}"), key -> null);
        bars.forEach(b -> assertEquals(0.0, b.width(), b.key()));
    }

    @Test
    void aDaysColumnStacksWhatBecameOfItsInteractions() throws Exception {
        DailyChart.Day day = DailyChart.day(2, LocalDate.of(2026, 12, 5), new ObjectMapper().readTree(FUNNEL), 400);
        assertEquals(90, day.x());
        assertEquals("12-05", day.label());
        Map<String, DailyChart.Segment> parts = day.segments().stream()
                .collect(Collectors.toMap(DailyChart.Segment::part, Function.identity()));
        assertEquals(10, parts.get("rejected").count());
        assertEquals(7, parts.get("pending").count(), "received less rejected and routed");
        assertEquals(2.5, parts.get("rejected").height(), 1e-9);
        assertEquals(30.0, parts.get("AGENT_HANDLED").height(), 1e-9);
        double total = day.segments().stream().mapToDouble(DailyChart.Segment::height).sum();
        assertEquals(50.0, total, 1e-9, "half the busiest day's height");
        assertEquals(4, day.missedOpportunities());
    }
}
