package dev.exceptionledger.routing.domain;

import dev.exceptionledger.contracts.InteractionClassified;
import dev.exceptionledger.contracts.RoutingOutcome;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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

    /** An interaction the candidate would send elsewhere (another outcome or another team). */
    public record Move(String interactionId, String eventId, Placement from, Placement to) { }

    /**
     * @param decided  classifications both policies decided on
     * @param skipped  classifications the rules cannot decide on (e.g. without an intent), left out of the counts
     * @param change   candidate minus active, per outcome
     * @param moved    how many interactions would move
     * @param moves    the first of them, in ledger order
     */
    public record Report(String activeVersion, String candidateVersion, long decided, long skipped,
                         Map<RoutingOutcome, Long> active, Map<RoutingOutcome, Long> candidate,
                         Map<RoutingOutcome, Long> change, long moved, List<Move> moves) { }

    public static Report run(Iterator<Recorded> recorded, RoutingPolicy active, RoutingPolicy candidate,
                             int maxMoves) {
        Map<RoutingOutcome, Long> activeCounts = zeros();
        Map<RoutingOutcome, Long> candidateCounts = zeros();
        List<Move> moves = new ArrayList<>();
        long decided = 0;
        long skipped = 0;
        long moved = 0;
        Instant clock = Instant.EPOCH; // deadlines are not compared: any fixed clock will do
        while (recorded.hasNext()) {
            Recorded r = recorded.next();
            Placement before;
            Placement after;
            try {
                before = placement(active.decide(r.classification(), clock));
                after = placement(candidate.decide(r.classification(), clock));
            } catch (InvalidClassificationException e) {
                skipped++;
                continue;
            }
            decided++;
            activeCounts.merge(before.outcome(), 1L, Long::sum);
            candidateCounts.merge(after.outcome(), 1L, Long::sum);
            if (!before.sameAs(after)) {
                moved++;
                if (moves.size() < maxMoves) {
                    moves.add(new Move(r.interactionId(), r.eventId(), before, after));
                }
            }
        }
        Map<RoutingOutcome, Long> change = zeros();
        change.replaceAll((outcome, zero) -> candidateCounts.get(outcome) - activeCounts.get(outcome));
        return new Report(active.version(), candidate.version(), decided, skipped, activeCounts, candidateCounts,
                change, moved, List.copyOf(moves));
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
