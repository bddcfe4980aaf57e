package dev.exceptionledger.review.persistence;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.panache.common.Sort;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.UUID;

/** One audit sampling run, as announced by its AuditRunCompleted event. */
@Entity
@Table(name = "audit_run")
public class AuditRun extends PanacheEntityBase {

    @Id
    public UUID id;
    public String trigger;
    public Instant windowFrom;
    public Instant windowTo;
    public double rate;
    public long seed;
    public int population;
    public int picked;
    public int novelPicked;
    /** [{stratum, population, picked}] */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    public JsonNode strata;
    public Instant startedAt;
    public Instant completedAt;
    public UUID eventId;

    public static AuditRun latest() {
        return find("", Sort.descending("windowTo")).firstResult();
    }
}
