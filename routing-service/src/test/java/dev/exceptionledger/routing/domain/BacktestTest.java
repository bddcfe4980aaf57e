package dev.exceptionledger.routing.domain;

import dev.exceptionledger.contracts.RoutingOutcome;
import dev.exceptionledger.routing.Policies;
import dev.exceptionledger.routing.client.LedgerReplay;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Against a recorded replay of 80 classifications (one without an intent), in the ledger's NDJSON shape. */
class BacktestTest {

    /** The default, but interactions of large companies go to enterprise-sales before anything else. */
    static final String CANDIDATE = Policies.shippedDefaultDocument()
            .replaceFirst("(?m)^version: .*$", "version: enterprise-1")
            .replace("rules:\n", """
                    rules:
                      - id: enterprise
                        when: {companySize: {gte: 500}}
                        then: ESCALATE
                        team: enterprise-sales
                        priority: P1
                        reasonCode: HIGH_VALUE
                    """);

    static List<Backtest.Recorded> recorded() throws Exception {
        List<Backtest.Recorded> recorded = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Objects.requireNonNull(
                BacktestTest.class.getClassLoader().getResourceAsStream("ledger/classified.ndjson")),
                StandardCharsets.UTF_8))) {
            in.lines().map(LedgerReplay::recorded).forEach(recorded::add);
        }
        return recorded;
    }

    @Test
    void countsMatchADirectRecountOfTheHistory() throws Exception {
        List<Backtest.Recorded> history = recorded();
        RoutingPolicy active = Policies.shippedDefault();
        RoutingPolicy candidate = RoutingPolicy.parse(CANDIDATE);

        Backtest.Report report = Backtest.run(history.iterator(), active, candidate, 5);

        // the recount: decide each one with each policy, tally, compare
        Map<RoutingOutcome, Long> before = new EnumMap<>(RoutingOutcome.class);
        Map<RoutingOutcome, Long> after = new EnumMap<>(RoutingOutcome.class);
        List<String> moved = new ArrayList<>();
        int undecidable = 0;
        for (Backtest.Recorded r : history) {
            if (r.classification().intent() == null) {
                undecidable++;
                continue;
            }
            RoutingDecision a = active.decide(r.classification(), Instant.EPOCH);
            RoutingDecision c = candidate.decide(r.classification(), Instant.EPOCH);
            before.merge(a.outcome(), 1L, Long::sum);
            after.merge(c.outcome(), 1L, Long::sum);
            if (a.outcome() != c.outcome() || !Objects.equals(a.team(), c.team())) {
                moved.add(r.interactionId());
            }
        }
        for (RoutingOutcome outcome : RoutingOutcome.values()) {
            assertEquals(before.getOrDefault(outcome, 0L), report.active().get(outcome), outcome.name());
            assertEquals(after.getOrDefault(outcome, 0L), report.candidate().get(outcome), outcome.name());
            assertEquals(after.getOrDefault(outcome, 0L) - before.getOrDefault(outcome, 0L),
                    report.change().get(outcome), outcome.name());
        }
        assertEquals(1, undecidable);
        assertEquals(79, report.decided());
        assertEquals(1, report.skipped());
        assertEquals(moved.size(), report.moved());
        assertTrue(report.moved() > 5, "the fixture moves enough interactions to cut the list: " + report.moved());
        assertEquals(moved.subList(0, 5), report.moves().stream().map(Backtest.Move::interactionId).toList());
        assertTrue(report.moves().stream().allMatch(m -> "enterprise-sales".equals(m.to().team())
                && "enterprise".equals(m.to().ruleId())));
        // the one without an intent is listed with why, and each move shows what the deciding rules read
        assertEquals(1, report.skips().size());
        assertTrue(report.skips().get(0).reason().startsWith("intent "), report.skips().toString());
        assertTrue(history.stream().anyMatch(r -> r.classification().intent() == null
                && r.interactionId().equals(report.skips().get(0).interactionId())));
        for (Backtest.Move m : report.moves()) {
            Backtest.Recorded r = history.stream().filter(h -> h.interactionId().equals(m.interactionId()))
                    .findFirst().orElseThrow();
            // the candidate's enterprise rule moved it: its company size decided
            assertEquals(r.classification().interaction().contact().companySize(), m.decidedBy().get("companySize"));
            assertTrue(((Number) m.decidedBy().get("companySize")).intValue() >= 500, m.toString());
            assertTrue(m.decidedBy().keySet().containsAll(active.rule(m.from().ruleId()).when().stream()
                    .map(c -> c.field().key()).toList()), m.toString());
        }
        assertEquals(Policies.SHIPPED_VERSION, report.activeVersion());
        assertEquals("enterprise-1", report.candidateVersion());
    }

    @Test
    void movesNothingWhenTheCandidateIsTheActivePolicy() throws Exception {
        RoutingPolicy active = Policies.shippedDefault();
        Backtest.Report report = Backtest.run(recorded().iterator(), active,
                RoutingPolicy.parse(Policies.shippedDefaultAs("same-rules-2")), 10);

        assertEquals(0, report.moved());
        assertEquals(report.active(), report.candidate());
        assertTrue(report.change().values().stream().allMatch(c -> c == 0));
    }
}
