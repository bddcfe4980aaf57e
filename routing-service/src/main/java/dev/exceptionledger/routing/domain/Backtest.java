package dev.exceptionledger.routing.domain;

import dev.exceptionledger.contracts.InteractionClassified;
import dev.exceptionledger.contracts.RoutingOutcome;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Replays recorded classifications through the active policy and a candidate, without side effects: how each
 * outcome count would change and which interactions would move. Both policies see the same classifications, so
 * the difference is the policy's alone (not the classifier's, nor the agent's, since the classification carries
 * the agent's decision of that time). Streams its input: memory stays constant however long the range.
 */
public final class Backtest {

    private Backtest() { }

    /** A recorded classification, as the ledger replays it. */
    public record Recorded(String interactionId, String eventId, Instant occurredAt,
                           InteractionClassified classification) { }

    /** Where a policy sends an interaction. */
    public record Placement(RoutingOutcome outcome, String team, String ruleId) {

        boolean sameAs(Placement other) {
            return outcome == other.outcome && Objects.equals(team, other.team);
        }
    }

    /**
     * An interaction the candidate would send elsewhere (another outcome or another team).
     *
     * @param decidedBy the classification's values of the fields the two deciding rules test (for a default rule,
     *                  which tests none, its intent and confidence), by field name, e.g. {@code confidence: 0.93}
     */
    public record Move(String interactionId, String eventId, Placement from, Placement to,
                       Map<String, Object> decidedBy) { }

    /** A classification the rules cannot decide on, and why (each missing or invalid field). */
    public record Skip(String interactionId, String eventId, String reason) { }

    /**
     * @param decided  classifications both policies decided on
     * @param skipped  classifications the rules cannot decide on (e.g. without an intent), left out of the counts
     * @param skips    the first of them, in ledger order, with why
     * @param change   candidate minus active, per outcome
     * @param moved    how many interactions would move
     * @param moves    the first of them, in ledger order
     */
    public record Report(String activeVersion, String candidateVersion, long decided, long skipped, List<Skip> skips,
                         Map<RoutingOutcome, Long> active, Map<RoutingOutcome, Long> candidate,
                         Map<RoutingOutcome, Long> change, long moved, List<Move> moves) { }

    /** @param maxListed how many moves, and how many skips, to list */
    public static Report run(Iterator<Recorded> recorded, RoutingPolicy active, RoutingPolicy candidate,
                             int maxListed) {
        Map<RoutingOutcome, Long> activeCounts = zeros();
        Map<RoutingOutcome, Long> candidateCounts = zeros();
        List<Move> moves = new ArrayList<>();
        List<Skip> skips = new ArrayList<>();
        long decided = 0;
        long skipped = 0;
        long moved = 0;
        Instant clock = Instant.EPOCH; // deadlines are not compared: any fixed clock will do
        while (recorded.hasNext()) {
            Recorded r = recorded.next();
            RoutingDecision activeDecision;
            RoutingDecision candidateDecision;
            try {
                activeDecision = active.decide(r.classification(), clock);
                candidateDecision = candidate.decide(r.classification(), clock);
            } catch (InvalidClassificationException e) {
                skipped++;
                if (skips.size() < maxListed) {
                    skips.add(new Skip(r.interactionId(), r.eventId(), e.violations().stream()
                            .map(v -> v.field() + " " + v.message()).collect(Collectors.joining("; "))));
                }
                continue;
            }
            Placement before = placement(activeDecision);
            Placement after = placement(candidateDecision);
            decided++;
            activeCounts.merge(before.outcome(), 1L, Long::sum);
            candidateCounts.merge(after.outcome(), 1L, Long::sum);
            if (!before.sameAs(after)) {
                moved++;
                if (moves.size() < maxListed) {
                    moves.add(new Move(r.interactionId(), r.eventId(), before, after,
                            decidedBy(r.classification(), active.rule(before.ruleId()),
                                    candidate.rule(after.ruleId()))));
                }
            }
        }
        Map<RoutingOutcome, Long> change = zeros();
        change.replaceAll((outcome, zero) -> candidateCounts.get(outcome) - activeCounts.get(outcome));
        return new Report(active.version(), candidate.version(), decided, skipped, List.copyOf(skips), activeCounts,
                candidateCounts, change, moved, List.copyOf(moves));
    }

    /** The values the deciding rules read, in the order the rules name them (missing values shown as null). */
    private static Map<String, Object> decidedBy(InteractionClassified c, PolicyRule... rules) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (PolicyRule rule : rules) {
            List<Field> fields = rule.when().isEmpty() ? List.of(Field.INTENT, Field.CONFIDENCE)
                    : rule.when().stream().map(Condition::field).toList();
            fields.forEach(f -> values.put(f.key(), f.of(c)));
        }
        return values;
    }

    private static Placement placement(RoutingDecision d) {
        return new Placement(d.outcome(), d.team(), d.ruleId());
    }

    private static Map<RoutingOutcome, Long> zeros() {
        Map<RoutingOutcome, Long> counts = new EnumMap<>(RoutingOutcome.class);
        for (RoutingOutcome outcome : RoutingOutcome.values()) {
            counts.put(outcome, 0L);
        }
        return counts;
    }
}
