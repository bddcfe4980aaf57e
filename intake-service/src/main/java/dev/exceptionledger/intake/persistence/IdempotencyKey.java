package dev.exceptionledger.intake.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** An Idempotency-Key already used, the interaction it created and the hash of the content it was used with. */
@Entity
@Table(name = "idempotency_key")
public class IdempotencyKey extends PanacheEntityBase {

    @Id
    public String key;

    @Column(name = "interaction_id")
    public String interactionId;

    @Column(name = "request_hash")
    public String requestHash;

    @Column(name = "created_at")
    public Instant createdAt;

    /**
     * Claims {@code key} for {@code interactionId} unless it is taken; true if this call claimed it. Must run in a
     * transaction: while another transaction holds an uncommitted claim of the same key, PostgreSQL makes this
     * insert wait for it to commit or roll back, so two concurrent requests never both publish.
     */
    public static boolean claim(String key, String interactionId, String requestHash, Instant now) {
        return getEntityManager().createNativeQuery("""
                        insert into idempotency_key (key, interaction_id, request_hash, created_at)
                        values (?1, ?2, ?3, ?4) on conflict (key) do nothing""")
                .setParameter(1, key)
                .setParameter(2, interactionId)
                .setParameter(3, requestHash)
                .setParameter(4, now)
                .executeUpdate() == 1;
    }
}
