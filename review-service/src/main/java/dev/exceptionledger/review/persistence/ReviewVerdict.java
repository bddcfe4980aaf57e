package dev.exceptionledger.review.persistence;

import dev.exceptionledger.contracts.Verdict;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.panache.common.Sort;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A reviewer's verdict on a review item, as published in its ReviewRecorded event. */
@Entity
@Table(name = "verdict")
public class ReviewVerdict extends PanacheEntityBase {

    @Id
    public UUID id;
    public UUID reviewItemId;
    @Enumerated(EnumType.STRING)
    public Verdict verdict;
    public String reviewer;
    public String note;
    public String correctIntent;
    public String correctTeam;
    public Double estimatedValue;
    /** The verdict this one corrects (null for the first verdict on an item). */
    public UUID refersTo;
    public Instant recordedAt;
    public UUID eventId;

    public static ReviewVerdict latestFor(UUID reviewItemId) {
        return find("reviewItemId", Sort.descending("recordedAt"), reviewItemId)
                .firstResult();
    }
}
