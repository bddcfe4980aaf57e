package dev.exceptionledger.routing.persistence;

import dev.exceptionledger.contracts.PersonalFields;
import dev.exceptionledger.contracts.ReviewRecorded;
import dev.exceptionledger.routing.domain.PolicySuggestions.ReviewedDecision;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Reviewers' verdicts as published on reviews.recorded (plain JDBC, like {@link PolicyStore}). */
@ApplicationScoped
public class ReviewVerdictStore {

    private final AgroalDataSource dataSource;

    public ReviewVerdictStore(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Stores a verdict once: a redelivered event (same eventId, same reviewId) changes nothing.
     *
     * @return whether it was new
     */
    public boolean record(UUID eventId, ReviewRecorded review) {
        String sql = "INSERT INTO review_verdict (event_id, review_id, verdict, rule_id, intent, policy_version, "
                + "reviewed_at, note, refers_to) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
        try (Connection c = dataSource.getConnection(); PreparedStatement insert = c.prepareStatement(sql)) {
            insert.setObject(1, eventId);
            insert.setString(2, review.reviewId());
            insert.setString(3, review.verdict().name());
            insert.setString(4, review.ruleId());
            insert.setString(5, review.intent());
            insert.setString(6, review.policyVersion());
            insert.setTimestamp(7, review.reviewedAt() == null ? null : Timestamp.from(review.reviewedAt()));
            insert.setString(8, review.note());
            insert.setString(9, review.refersToReviewId());
            return insert.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store verdict " + review.reviewId(), e);
        }
    }

    /** The current verdicts (none corrects them) on decisions made under {@code policyVersion}. */
    public List<ReviewedDecision> currentFor(String policyVersion) {
        String sql = "SELECT v.review_id, v.verdict, v.rule_id, v.intent, v.reviewed_at, v.note FROM review_verdict v "
                + "WHERE v.policy_version = ? "
                + "AND NOT EXISTS (SELECT 1 FROM review_verdict c WHERE c.refers_to = v.review_id)";
        try (Connection c = dataSource.getConnection(); PreparedStatement select = c.prepareStatement(sql)) {
            select.setString(1, policyVersion);
            try (ResultSet rs = select.executeQuery()) {
                List<ReviewedDecision> decisions = new ArrayList<>();
                while (rs.next()) {
                    Timestamp at = rs.getTimestamp(5);
                    decisions.add(new ReviewedDecision(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getString(4), at == null ? null : at.toInstant(), rs.getString(6)));
                }
                return decisions;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the verdicts on policy " + policyVersion, e);
        }
    }

    /** Erases the notes of these verdicts (an erased subject's); @return how many held one */
    public int eraseNotes(List<String> reviewIds) {
        String sql = "UPDATE review_verdict SET note = ? WHERE review_id = ANY(?) AND note <> ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement update = c.prepareStatement(sql)) {
            update.setString(1, PersonalFields.ERASED);
            update.setArray(2, c.createArrayOf("text", reviewIds.toArray()));
            update.setString(3, PersonalFields.ERASED);
            return update.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot erase the notes of " + reviewIds.size() + " verdicts", e);
        }
    }
}
