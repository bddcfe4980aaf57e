package dev.exceptionledger.review.domain;

import dev.exceptionledger.contracts.AuditStratum;
import dev.exceptionledger.contracts.RoutingOutcome;
import dev.exceptionledger.review.domain.AuditSampler.Candidate;
import dev.exceptionledger.review.domain.AuditSampler.Draw;
import dev.exceptionledger.review.domain.AuditSampler.Pick;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AuditSamplerTest {

    @Test
    void takesTheRateFromEachStratumRoundedUpSoNoStratumIsLeftOut() {
        List<Candidate> candidates = new ArrayList<>();
        candidates.addAll(candidates(100, RoutingOutcome.AGENT_HANDLED, "billing", "IN_SCOPE", false));
        candidates.addAll(candidates(3, RoutingOutcome.DISCARDED, "spam", "SPAM", false));
        candidates.addAll(candidates(7, RoutingOutcome.DISCARDED, "spam", "DUPLICATE", false));

        Draw draw = AuditSampler.draw(candidates, 0.1, 42);

        assertThat(draw.strata(), contains(
                new AuditStratum("AGENT_HANDLED/billing/IN_SCOPE", 100, 10),
                new AuditStratum("DISCARDED/spam/DUPLICATE", 7, 1),
                new AuditStratum("DISCARDED/spam/SPAM", 3, 1)));
        assertThat(draw.picks().size(), is(12));
        assertThat(draw.picks().stream().map(Pick::why).distinct().toList(), contains(AuditSampler.SAMPLED));
    }

    @Test
    void picksEveryNovelAgentHandledInteractionOnTopOfTheSample() {
        List<Candidate> candidates = new ArrayList<>(candidates(10, RoutingOutcome.AGENT_HANDLED, "x", "r", false));
        Candidate novel1 = new Candidate("novel-1", RoutingOutcome.AGENT_HANDLED, "x", "r", true);
        Candidate novel2 = new Candidate("novel-2", RoutingOutcome.AGENT_HANDLED, null, "r", true);
        // novel but discarded: only sampled at the rate
        Candidate novelDiscarded = new Candidate("novel-3", RoutingOutcome.DISCARDED, "x", "r", true);
        candidates.addAll(List.of(novel1, novel2, novelDiscarded));

        Draw draw = AuditSampler.draw(candidates, 0.0, 1);

        assertThat(draw.picks().stream().filter(p -> p.why().equals(AuditSampler.NOVEL)).map(Pick::candidate)
                .toList(), containsInAnyOrder(novel1, novel2));
        assertThat(draw.picks().size(), is(2));
        assertThat(draw.novelPicks(), is(2L));
        assertThat(draw.strata().stream().map(AuditStratum::stratum).toList(),
                contains("AGENT_HANDLED/unclassified/r", "AGENT_HANDLED/x/r", "DISCARDED/x/r"));
    }

    @Test
    void theSameCandidatesAndSeedDrawTheSameSampleInAnyOrder() {
        List<Candidate> candidates = candidates(500, RoutingOutcome.AGENT_HANDLED, "billing", "IN_SCOPE", false);
        List<Candidate> shuffled = new ArrayList<>(candidates);
        Collections.shuffle(shuffled);

        List<Pick> first = AuditSampler.draw(candidates, 0.05, 7).picks();
        assertThat(AuditSampler.draw(shuffled, 0.05, 7).picks(), is(first));
        assertThat(AuditSampler.draw(candidates, 0.05, 8).picks().equals(first), is(false));
        assertThat(first.stream().map(p -> p.candidate().interactionId()).distinct().count(), is(25L));
    }

    @Test
    void ignoresEscalatedAndReroutedInteractions() {
        List<Candidate> candidates = new ArrayList<>(candidates(5, RoutingOutcome.ESCALATED, "x", "r", true));
        candidates.addAll(candidates(5, RoutingOutcome.REROUTED, "x", "r", false));
        Draw draw = AuditSampler.draw(candidates, 1.0, 3);
        assertThat(draw.picks(), empty());
        assertThat(draw.strata(), empty());
    }

    @Test
    void refusesARateOutsideZeroToOne() {
        assertThrows(IllegalArgumentException.class, () -> AuditSampler.draw(List.of(), 1.5, 1));
        assertThrows(IllegalArgumentException.class, () -> AuditSampler.draw(List.of(), -0.1, 1));
    }

    private static List<Candidate> candidates(int count, RoutingOutcome outcome, String intent, String reason,
                                              boolean novel) {
        List<Candidate> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            list.add(new Candidate(outcome + "-" + intent + "-" + reason + "-" + i, outcome, intent, reason, novel));
        }
        return list;
    }
}
