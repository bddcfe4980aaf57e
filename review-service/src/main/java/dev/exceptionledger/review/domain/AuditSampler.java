package dev.exceptionledger.review.domain;

import dev.exceptionledger.contracts.AuditStratum;
import dev.exceptionledger.contracts.RoutingOutcome;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * Draws an audit sample: from each stratum (routing outcome, intent, reason) the configured share, rounded up so
 * that no stratum is left out, plus every agent-handled interaction the classifier marked novel. The draw depends
 * only on the candidates and the seed, so a run can be repeated from its record.
 */
public final class AuditSampler {
    private AuditSampler() { }

    public static final String SAMPLED = "SAMPLED";
    public static final String NOVEL = "NOVEL";

    /** An agent-handled or discarded interaction that may be audited. */
    public record Candidate(String interactionId, RoutingOutcome outcome, String intent, String reason,
                            boolean novel) {
        public String stratum() {
            return outcome + "/" + (intent == null ? "unclassified" : intent) + "/" + (reason == null ? "-" : reason);
        }
    }

    /** @param why {@link #SAMPLED} or {@link #NOVEL} */
    public record Pick(Candidate candidate, String why) { }

    public record Draw(List<Pick> picks, List<AuditStratum> strata) {
        public long novelPicks() {
            return picks.stream().filter(p -> NOVEL.equals(p.why())).count();
        }
    }

    public static Draw draw(List<Candidate> candidates, double rate, long seed) {
        if (rate < 0 || rate > 1 || Double.isNaN(rate)) {
            throw new IllegalArgumentException("the audit rate must be from 0 to 1, was " + rate);
        }
        Map<String, List<Candidate>> strata = new TreeMap<>();
        for (Candidate c : candidates) {
            if (c.outcome() == RoutingOutcome.AGENT_HANDLED || c.outcome() == RoutingOutcome.DISCARDED) {
                strata.computeIfAbsent(c.stratum(), k -> new ArrayList<>()).add(c);
            }
        }
        Random random = new Random(seed);
        List<Pick> picks = new ArrayList<>();
        List<AuditStratum> summary = new ArrayList<>();
        for (Map.Entry<String, List<Candidate>> stratum : strata.entrySet()) {
            // sorted first, so the draw does not depend on the order the database returned
            List<Candidate> members = new ArrayList<>(stratum.getValue());
            members.sort(Comparator.comparing(Candidate::interactionId));
            Set<Candidate> picked = new LinkedHashSet<>();
            for (Candidate c : members) {
                if (c.novel() && c.outcome() == RoutingOutcome.AGENT_HANDLED) {
                    picked.add(c);
                    picks.add(new Pick(c, NOVEL));
                }
            }
            int quota = (int) Math.ceil(rate * members.size());
            List<Candidate> rest = new ArrayList<>(members);
            rest.removeAll(picked);
            // a partial Fisher-Yates shuffle: the first `quota` places are a uniform sample
            for (int i = 0; i < Math.min(quota, rest.size()); i++) {
                int j = i + random.nextInt(rest.size() - i);
                Candidate chosen = rest.set(j, rest.get(i));
                rest.set(i, chosen);
                picks.add(new Pick(chosen, SAMPLED));
                picked.add(chosen);
            }
            summary.add(new AuditStratum(stratum.getKey(), members.size(), picked.size()));
        }
        return new Draw(picks, summary);
    }
}
