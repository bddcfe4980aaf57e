package dev.exceptionledger.devstack;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MetricsTest {

    @Test
    void readsASeriesWithOrWithoutTheExemplarOfTheTraceItWasCountedIn() {
        Metrics metrics = Metrics.of("""
                # TYPE exledger_handoff_deliveries counter
                exledger_handoff_deliveries_total{team="hooks-flaky"} 2.0 # {span_id="830fa8f9458d04d1",trace_id="aa55"} 1.0 1796517228.867
                exledger_handoff_deliveries_total{team="sales"} 3.0
                exledger_interactions_stalled 4.0
                """);

        assertEquals(2.0, metrics.value("exledger_handoff_deliveries_total", "team", "hooks-flaky"));
        assertEquals(5.0, metrics.value("exledger_handoff_deliveries_total"));
        assertEquals(4.0, metrics.value("exledger_interactions_stalled"));
        assertEquals(0.0, metrics.value("exledger_handoff_deliveries_total", "team", "nobody"));
    }
}
