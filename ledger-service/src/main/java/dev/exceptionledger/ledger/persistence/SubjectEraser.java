package dev.exceptionledger.ledger.persistence;

import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.contracts.Json;
import dev.exceptionledger.contracts.SubjectErased;
import dev.exceptionledger.ledger.api.EventToRecord;
import dev.exceptionledger.ledger.api.SubjectReport;
import dev.exceptionledger.ledger.api.SubjectReport.Copy;
import dev.exceptionledger.ledger.messaging.ErasureAnnouncer;
import dev.exceptionledger.ledger.persistence.SubjectKeys.Footprint;
import dev.exceptionledger.ledger.persistence.SubjectKeys.KeyState;
import dev.exceptionledger.support.Producers;
import dev.exceptionledger.support.Traces;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.ServiceUnavailableException;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Erasure by crypto-shredding: a subject's keys are destroyed, the services keeping copies of their own are told,
 * and the erasure is recorded as a fact, together. Also what the ledger knows of a subject.
 */
@ApplicationScoped
public class SubjectEraser {

    static final String LEDGER = "ledger-service";
    static final String REVIEW = "review-service";
    static final String ROUTING = "routing-service";
    static final String CLASSIFIER = "classifier-service";

    private final AgroalDataSource dataSource;
    private final LedgerAppender appender;
    private final ErasureAnnouncer announcer;
    private final String producer;

    SubjectEraser(AgroalDataSource dataSource, LedgerAppender appender, ErasureAnnouncer announcer,
                  Producers producers) {
        this.dataSource = dataSource;
        this.appender = appender;
        this.announcer = announcer;
        this.producer = producers.producer();
    }

    /**
     * Erases a subject the ledger knows: destroys its keys, publishes SubjectErased (acknowledged before the commit,
     * so a failure leaves nothing erased: 503, and the request can be repeated) and records it, in one transaction. An
     * unknown subject is NOT_FOUND and nothing is recorded; an erased one ALREADY_ERASED.
     */
    @Transactional
    public SubjectReport erase(String contactId, String requestedBy) {
        try (Connection connection = dataSource.getConnection()) {
            Optional<KeyState> state = SubjectKeys.state(connection, contactId, true);
            if (state.isEmpty()) {
                return new SubjectReport(contactId, "NOT_FOUND", null, null, null, 0, List.of(), List.of());
            }
            Footprint footprint = SubjectKeys.footprint(connection, contactId);
            if (state.get().erasedAt() != null) {
                return report(contactId, "ALREADY_ERASED", state.get(), footprint);
            }
            Instant now = Instant.now();
            String ledger = SubjectErased.ledgerOf(contactId);
            EventEnvelope fact = new EventEnvelope(erasureEventId(contactId), SubjectErased.TYPE,
                    EventEnvelope.SCHEMA_VERSION, ledger, now, producer, ledger, null,
                    Json.tree(new SubjectErased(contactId, requestedBy, now, footprint.interactionIds(),
                            footprint.reviewIds(), footprint.events())), null);
            SubjectKeys.erase(connection, footprint.keys());
            try {
                announcer.announce(fact);
            } catch (RuntimeException e) {
                // rolls the key destruction back: the subject stays as it was and the request can be repeated
                throw new ServiceUnavailableException("the broker did not acknowledge the erasure's event, so nothing "
                        + "was erased; repeat the request (" + e.getMessage() + ")");
            }
            appender.append(connection, List.of(new EventToRecord(ledger, fact.eventId().toString(), fact.type(),
                    fact.schemaVersion(), now, producer, ledger, null, null, fact.payload(),
                    Traces.currentTraceId(), null)));
            return report(contactId, "ERASED", new KeyState(state.get().createdAt(), now), footprint);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot erase subject " + contactId + ": " + e.getMessage(), e);
        }
    }

    /** What the ledger knows of a subject: ACTIVE or ERASED and where its values are; empty when it never saw it. */
    public Optional<SubjectReport> subject(String contactId) {
        try (Connection connection = dataSource.getConnection()) {
            Optional<KeyState> state = SubjectKeys.state(connection, contactId, false);
            if (state.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(report(contactId, state.get().erasedAt() == null ? "ACTIVE" : "ERASED", state.get(),
                    SubjectKeys.footprint(connection, contactId)));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read subject " + contactId + ": " + e.getMessage(), e);
        }
    }

    private static SubjectReport report(String contactId, String status, KeyState state, Footprint footprint) {
        List<Copy> copies = new ArrayList<>();
        copies.add(new Copy(LEDGER, "event store", footprint.events(), true));
        copies.add(new Copy(REVIEW, "review items, verdict notes and classifications of these interactions", null,
                true));
        copies.add(new Copy(ROUTING, "notes of the verdicts on these interactions (policy suggestions)",
                (long) footprint.reviewIds().size(), true));
        copies.add(new Copy(CLASSIFIER, "texts of reviewers' corrections of these interactions, learned as examples "
                + "in taxonomy versions", null, true));
        footprint.copies().stream().filter(copy -> copy.topic() != null).forEach(copy -> copies.add(
                new Copy(service(copy.producer()), "topic " + copy.topic(), copy.events(),
                        copy.sealed() == copy.events())));
        return new SubjectReport(contactId, status, state.erasedAt() == null ? null : erasureEventId(contactId)
                .toString(), state.createdAt(), state.erasedAt(), footprint.events(), footprint.interactionIds(),
                copies);
    }

    /** A producer is {@code name@version}: the copy belongs to the service. */
    private static String service(String producer) {
        return producer == null ? null : producer.replaceFirst("@.*", "");
    }

    /** One per subject, so that replicas and repeated requests record the erasure once. */
    private static UUID erasureEventId(String contactId) {
        return UUID.nameUUIDFromBytes((SubjectErased.TYPE + "/" + contactId).getBytes(StandardCharsets.UTF_8));
    }
}
