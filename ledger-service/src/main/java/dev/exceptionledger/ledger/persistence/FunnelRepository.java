package dev.exceptionledger.ledger.persistence;

import dev.exceptionledger.contracts.AgentActions;
import dev.exceptionledger.contracts.RoutingOutcome;
import dev.exceptionledger.contracts.Verdict;
import dev.exceptionledger.ledger.api.FetchFunnelQuery;
import dev.exceptionledger.ledger.api.FunnelResponse;
import dev.exceptionledger.ledger.domain.FunnelDelta;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The funnel table. Every write is an upsert that only ever raises a stage (or keeps the latest decision by
 * occurredAt), so events may come in any order and a replay gives the same rows; {@link FunnelDelta} merges by the
 * same rules before the write.
 */
@ApplicationScoped
public class FunnelRepository {

    /** Outcomes a CRM or helpdesk reports back; anything else is counted as OTHER. */
    public static final List<String> OUTCOMES = List.of("WON", "LOST", "CHURNED", "RESOLVED");

    private static final String UPSERT = "INSERT INTO funnel (interaction_id, first_seen_at, received, rejected, "
            + "classified, dead_lettered, received_at, channel, agent_action, intent, routing_outcome, routing_team, "
            + "routed_at, review_verdict, missed_value, reviewed_at, outcome, outcome_value, outcome_at, stalled_at, "
            + "stall_completed, import_id, occurred_at, external_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
            + "?, ?, ?, ?, ?, ?, ?, ?, ?) "
            + "ON CONFLICT (interaction_id) DO UPDATE SET "
            + "first_seen_at = least(funnel.first_seen_at, excluded.first_seen_at), "
            + "received = funnel.received OR excluded.received, "
            + "rejected = funnel.rejected OR excluded.rejected, "
            + "classified = funnel.classified OR excluded.classified, "
            + "dead_lettered = funnel.dead_lettered OR excluded.dead_lettered, "
            + "stall_completed = funnel.stall_completed OR excluded.stall_completed, "
            + "received_at = least(funnel.received_at, excluded.received_at), "
            + "stalled_at = least(funnel.stalled_at, excluded.stalled_at), "
            + "channel = coalesce(funnel.channel, excluded.channel), "
            + "agent_action = coalesce(funnel.agent_action, excluded.agent_action), "
            + "intent = coalesce(funnel.intent, excluded.intent), "
            + "import_id = coalesce(funnel.import_id, excluded.import_id), "
            + "occurred_at = coalesce(funnel.occurred_at, excluded.occurred_at), "
            + "external_id = coalesce(funnel.external_id, excluded.external_id), "
            + latest("routing_outcome", "routed_at") + ", " + latest("routing_team", "routed_at") + ", "
            + "routed_at = greatest(funnel.routed_at, excluded.routed_at), "
            + latest("review_verdict", "reviewed_at") + ", " + latest("missed_value", "reviewed_at") + ", "
            + "reviewed_at = greatest(funnel.reviewed_at, excluded.reviewed_at), "
            + latest("outcome", "outcome_at") + ", " + latest("outcome_value", "outcome_at") + ", "
            + "outcome_at = greatest(funnel.outcome_at, excluded.outcome_at)";

    private final AgroalDataSource dataSource;

    FunnelRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** One batched statement for the deltas of a processor batch (one per interaction, so no row twice). */
    public void upsert(Collection<FunnelDelta> deltas) {
        if (deltas.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(UPSERT)) {
            for (FunnelDelta d : deltas) {
                bind(statement, d.interactionId, d.firstSeen, d.received, d.rejected, d.classified, d.deadLettered,
                        d.receivedAt, d.channel, d.agentAction, d.intent, d.routingOutcome, d.routingTeam, d.routedAt,
                        d.verdict, d.missedValue, d.reviewedAt, d.outcome, d.outcomeValue, d.outcomeAt, d.stalledAt,
                        d.stallCompleted, d.importId, d.occurredAt, d.externalId);
                statement.addBatch();
            }
            statement.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot update the funnel: " + e.getMessage(), e);
        }
    }

    /** For a rebuild from the event store. */
    public void deleteAll() {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("DELETE FROM funnel")) {
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot empty the funnel: " + e.getMessage(), e);
        }
    }

    /**
     * One statement, so the counts are of one snapshot. A later stage implies the earlier ones (an interaction
     * routed before its classified event arrived from another topic has been classified), so they reconcile.
     */
    public FunnelResponse counts(FetchFunnelQuery query) {
        StringBuilder sql = new StringBuilder("""
                WITH f AS (
                    SELECT *, (received OR classified OR routing_outcome IS NOT NULL OR review_verdict IS NOT NULL
                               OR outcome IS NOT NULL OR stalled_at IS NOT NULL) AS accepted,
                              (classified OR routing_outcome IS NOT NULL OR review_verdict IS NOT NULL) AS was_classified
                    FROM funnel
                    WHERE coalesce(occurred_at, first_seen_at) >= coalesce(?::timestamptz, '-infinity')
                      AND coalesce(occurred_at, first_seen_at) < coalesce(?::timestamptz, 'infinity')
                      AND (?::boolean IS NULL OR (import_id IS NOT NULL) = ?)
                      AND (?::text IS NULL OR channel = ?)
                      AND (?::text IS NULL OR intent = ?)
                      AND (?::text IS NULL OR routing_team = ?)
                      AND (?::text IS NULL OR external_id LIKE ? ESCAPE '\\'))
                SELECT count(*) FILTER (WHERE accepted),
                       count(*) FILTER (WHERE rejected AND NOT accepted),
                       count(*) FILTER (WHERE accepted AND was_classified),
                       count(*) FILTER (WHERE dead_lettered),
                       count(*) FILTER (WHERE accepted AND stalled_at IS NOT NULL),
                       count(*) FILTER (WHERE accepted AND stalled_at IS NOT NULL AND routing_outcome IS NULL),
                       count(*) FILTER (WHERE accepted AND stalled_at IS NOT NULL AND stall_completed),
                       coalesce(sum(missed_value) FILTER (WHERE review_verdict = 'MISSED_OPPORTUNITY'), 0)""");
        for (RoutingOutcome outcome : RoutingOutcome.values()) {
            sql.append(",\n count(*) FILTER (WHERE routing_outcome = '").append(outcome.name()).append("')");
        }
        for (Verdict verdict : Verdict.values()) {
            sql.append(",\n count(*) FILTER (WHERE accepted AND review_verdict = '").append(verdict.name()).append("')");
        }
        for (String action : AgentActions.CANONICAL) {
            sql.append(",\n count(*) FILTER (WHERE accepted AND agent_action = '").append(action).append("')");
        }
        for (String outcome : OUTCOMES) {
            sql.append(",\n count(*) FILTER (WHERE accepted AND outcome = '").append(outcome).append("')")
                    .append(", coalesce(sum(outcome_value) FILTER (WHERE accepted AND outcome = '").append(outcome)
                    .append("'), 0)");
        }
        String known = String.join("', '", OUTCOMES);
        sql.append(",\n count(*) FILTER (WHERE accepted AND outcome NOT IN ('").append(known).append("'))")
                .append(", coalesce(sum(outcome_value) FILTER (WHERE accepted AND outcome NOT IN ('").append(known)
                .append("')), 0)\nFROM f");
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            bind(statement, query.from(), query.to(), query.imported(), query.imported(), query.channel(),
                    query.channel(), query.intent(), query.intent(), query.team(), query.team(),
                    query.externalIdPrefix(), likePrefix(query.externalIdPrefix()));
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                long accepted = rs.getLong(1);
                long rejected = rs.getLong(2);
                long classified = rs.getLong(3);
                long deadLettered = rs.getLong(4);
                FunnelResponse.Stalled stalled = new FunnelResponse.Stalled(rs.getLong(5), rs.getLong(6), rs.getLong(7));
                double missedValue = rs.getDouble(8);
                int column = 9;
                Map<RoutingOutcome, Long> routed = new EnumMap<>(RoutingOutcome.class);
                long routedTotal = 0;
                for (RoutingOutcome outcome : RoutingOutcome.values()) {
                    long count = rs.getLong(column++);
                    routed.put(outcome, count);
                    routedTotal += count;
                }
                Map<Verdict, Long> reviewed = new EnumMap<>(Verdict.class);
                for (Verdict verdict : Verdict.values()) {
                    reviewed.put(verdict, rs.getLong(column++));
                }
                Map<String, Long> agentActions = new LinkedHashMap<>();
                for (String action : AgentActions.CANONICAL) {
                    agentActions.put(action, rs.getLong(column++));
                }
                Map<String, FunnelResponse.Outcome> outcomes = new LinkedHashMap<>();
                for (String outcome : OUTCOMES) {
                    outcomes.put(outcome, new FunnelResponse.Outcome(rs.getLong(column++), rs.getDouble(column++)));
                }
                outcomes.put("OTHER", new FunnelResponse.Outcome(rs.getLong(column++), rs.getDouble(column)));
                return new FunnelResponse(accepted + rejected, rejected, accepted, classified, routed, reviewed,
                        deadLettered, new FunnelResponse.Pending(accepted - classified, classified - routedTotal),
                        stalled, outcomes, missedValue, agentActions);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the funnel: " + e.getMessage(), e);
        }
    }

    /** An accepted interaction not routed although received before the deadline, not yet found stalled. */
    public record Unrouted(String interactionId, Instant receivedAt) {
    }

    public List<Unrouted> unroutedSince(Instant deadline, int limit) {
        List<Unrouted> found = new ArrayList<>();
        query("SELECT interaction_id, received_at FROM funnel WHERE received_at < ? AND routing_outcome IS NULL "
                + "AND stalled_at IS NULL AND NOT rejected ORDER BY received_at LIMIT ?", rs ->
                found.add(new Unrouted(rs.getString(1), rs.getTimestamp(2).toInstant())), deadline, limit);
        return found;
    }

    /** How many interactions are stalled now: recorded as stalled and not routed since. */
    public long stalledNow() {
        long[] count = new long[1];
        query("SELECT count(*) FROM funnel WHERE stalled_at IS NOT NULL AND routing_outcome IS NULL",
                rs -> count[0] = rs.getLong(1));
        return count[0];
    }

    /** A stalled interaction that has been routed since, not yet recorded as completed. */
    public record LateCompletion(String interactionId, Instant stalledAt, RoutingOutcome outcome, Instant routedAt) {
    }

    public List<LateCompletion> completedAfterStall(int limit) {
        List<LateCompletion> found = new ArrayList<>();
        query("SELECT interaction_id, stalled_at, routing_outcome, routed_at FROM funnel WHERE stalled_at IS NOT NULL "
                + "AND routing_outcome IS NOT NULL AND NOT stall_completed LIMIT ?", rs ->
                found.add(new LateCompletion(rs.getString(1), rs.getTimestamp(2).toInstant(),
                        RoutingOutcome.valueOf(rs.getString(3)), rs.getTimestamp(4).toInstant())), limit);
        return found;
    }

    private interface RowHandler {
        void row(ResultSet rs) throws SQLException;
    }

    private void query(String sql, RowHandler handler, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, parameters);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    handler.row(rs);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the funnel: " + e.getMessage(), e);
        }
    }

    /** Keeps the value of the decision that occurred last; a replay in another order ends the same. */
    private static String latest(String column, String atColumn) {
        return column + " = CASE WHEN funnel." + atColumn + " IS NULL OR excluded." + atColumn + " >= funnel."
                + atColumn + " THEN excluded." + column + " ELSE funnel." + column + " END";
    }

    /** A LIKE pattern for what starts with {@code prefix}, its own % and _ taken literally; null for none. */
    static String likePrefix(String prefix) {
        return prefix == null ? null
                : prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    private static void bind(PreparedStatement statement, Object... parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            Object value = parameters[i];
            if (value instanceof Instant instant) {
                statement.setObject(i + 1, OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
            } else if (value == null) {
                // untyped: the server infers the column's type
                statement.setNull(i + 1, Types.OTHER);
            } else {
                statement.setObject(i + 1, value);
            }
        }
    }
}
