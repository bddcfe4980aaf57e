package dev.exceptionledger.review.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** An outcome a CRM or helpdesk reported, as published in its OutcomeReported event (eventId is the key). */
@Entity
@Table(name = "outcome")
public class ReportedOutcome extends PanacheEntityBase {

    @Id
    public UUID eventId;
    public String interactionId;
    public String outcome;
    public Double value;
    public String currency;
    public String externalId;
    public String source;
    public String note;
    public Instant reportedAt;
}
