package dev.exceptionledger.ledger.persistence;

import dev.exceptionledger.contracts.RoutingOutcome;
import dev.exceptionledger.contracts.Verdict;
import dev.exceptionledger.ledger.api.FunnelResponse;
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
import java.util.EnumMap;
import java.util.Map;

/**
 * The funnel table. Every write is an upsert that only ever raises a stage (or keeps the latest decision by
 * occurredAt), so events may come in any order and a replay gives the same rows.
 */
@ApplicationScoped
public class FunnelRepository {

    /** Stages that are simply reached or not; the column names are constants, never input. */
    public enum Stage {
        RECEIVED("received"), REJECTED("rejected"), CLASSIFIED("classified"), DEAD_LETTERED("dead_lettered");

        private final String column;

        Stage(String column) {
            this.column = column;
        }
    }

    private static final String FIRST_SEEN = "first_seen_at = least(funnel.first_seen_at, excluded.first_seen_at)";

    private final AgroalDataSource dataSource;

    FunnelRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void markStage(String interactionId, Instant occurredAt, Stage stage) {
        update("INSERT INTO funnel (interaction_id, first_seen_at, " + stage.column + ") VALUES (?, ?, TRUE) "
                + "ON CONFLICT (interaction_id) DO UPDATE SET " + FIRST_SEEN + ", " + stage.column + " = TRUE",
                interactionId, occurredAt);
    }

    public void markRouted(String interactionId, Instant occurredAt, RoutingOutcome outcome, String team) {
        update("INSERT INTO funnel (interaction_id, first_seen_at, routed_at, routing_outcome, routing_team) "
                + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (interaction_id) DO UPDATE SET " + FIRST_SEEN + ", "
                + latest("routing_outcome", "routed_at") + ", " + latest("routing_team", "routed_at") + ", "
                + "routed_at = greatest(funnel.routed_at, excluded.routed_at)",
                interactionId, occurredAt, occurredAt, outcome.name(), team);
    }

    public void markReviewed(String interactionId, Instant occurredAt, Verdict verdict) {
        update("INSERT INTO funnel (interaction_id, first_seen_at, reviewed_at, review_verdict) VALUES (?, ?, ?, ?) "
                + "ON CONFLICT (interaction_id) DO UPDATE SET " + FIRST_SEEN + ", "
                + latest("review_verdict", "reviewed_at") + ", "
                + "reviewed_at = greatest(funnel.reviewed_at, excluded.reviewed_at)",
                interactionId, occurredAt, occurredAt, verdict.name());
    }

    /** For a rebuild from the event store. */
    public void deleteAll() {
        update("DELETE FROM funnel");
    }

    /**
     * One statement, so the counts are of one snapshot. A later stage implies the earlier ones (an interaction
     * routed before its classified event arrived from another topic has been classified), so they reconcile.
     */
    public FunnelResponse counts(Instant from, Instant to) {
        StringBuilder sql = new StringBuilder("""
                WITH f AS (
                    SELECT *, (received OR classified OR routing_outcome IS NOT NULL) AS accepted,
                              (classified OR routing_outcome IS NOT NULL) AS was_classified
                    FROM funnel
                    WHERE first_seen_at >= coalesce(?::timestamptz, '-infinity')
                      AND first_seen_at < coalesce(?::timestamptz, 'infinity'))
                SELECT count(*) FILTER (WHERE accepted),
                       count(*) FILTER (WHERE rejected AND NOT accepted),
                       count(*) FILTER (WHERE was_classified),
                       count(*) FILTER (WHERE dead_lettered)""");
        for (RoutingOutcome outcome : RoutingOutcome.values()) {
            sql.append(",\n count(*) FILTER (WHERE routing_outcome = '").append(outcome.name()).append("')");
        }
        for (Verdict verdict : Verdict.values()) {
            sql.append(",\n count(*) FILTER (WHERE review_verdict = '").append(verdict.name()).append("')");
        }
        sql.append("\nFROM f");
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = prepare(connection, sql.toString(), from, to);
             ResultSet rs = statement.executeQuery()) {
            rs.next();
            long accepted = rs.getLong(1);
            long rejected = rs.getLong(2);
            long classified = rs.getLong(3);
            long deadLettered = rs.getLong(4);
            int column = 5;
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
            return new FunnelResponse(accepted + rejected, rejected, accepted, classified, routed, reviewed,
                    deadLettered, new FunnelResponse.Pending(accepted - classified, classified - routedTotal));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the funnel: " + e.getMessage(), e);
        }
    }

    /** Keeps the value of the decision that occurred last; a replay in another order ends the same. */
    private static String latest(String column, String atColumn) {
        return column + " = CASE WHEN funnel." + atColumn + " IS NULL OR excluded." + atColumn + " >= funnel."
                + atColumn + " THEN excluded." + column + " ELSE funnel." + column + " END";
    }

    private void update(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = prepare(connection, sql, parameters)) {
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot update the funnel: " + e.getMessage(), e);
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... parameters)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            Object value = parameters[i];
            if (value instanceof Instant instant) {
                statement.setObject(i + 1, OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
            } else if (value == null) {
                statement.setNull(i + 1, Types.VARCHAR);
            } else {
                statement.setObject(i + 1, value);
            }
        }
        return statement;
    }
}
