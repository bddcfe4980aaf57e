package dev.exceptionledger.ledger.persistence;

import com.fasterxml.jackson.databind.JsonNode;
import dev.exceptionledger.contracts.Json;
import dev.exceptionledger.ledger.api.InteractionEventRecorded;
import dev.exceptionledger.ledger.api.TimelineEntry;
import dev.exceptionledger.ledger.domain.ChainHash;
import dev.exceptionledger.ledger.domain.ChainHash.StoredEvent;
import dev.exceptionledger.support.PersonalSeal;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import org.axonframework.common.DateTimeUtils;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** One interaction's ledger as its timeline: every event with its chain hash, personal fields opened. */
@ApplicationScoped
public class TimelineReader {

    private final AgroalDataSource dataSource;

    TimelineReader(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** One interaction's events in ledger order, personal fields decrypted or shown erased; empty if none. */
    public List<TimelineEntry> timeline(String interactionId) {
        String sql = "SELECT " + StoredEventRows.COLUMNS + ", c.hash, k.secret FROM domainevententry e "
                + "LEFT JOIN ledger_chain c ON c.globalindex = e.globalindex "
                + "LEFT JOIN subject_key k ON k.contact_id = e.subject_id "
                + "WHERE e.aggregateidentifier = ? ORDER BY e.sequencenumber";
        List<TimelineEntry> entries = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, interactionId);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    StoredEvent row = StoredEventRows.read(rs);
                    InteractionEventRecorded event = StoredEventRows.event(row);
                    Revealed payload = reveal(event, row.subjectId(), rs.getBytes("secret"));
                    entries.add(new TimelineEntry(row.sequence(), event.eventId(), event.type(), event.occurredAt(),
                            DateTimeUtils.parseInstant(row.timestamp()), event.producer(), event.topic(),
                            event.correlationId(), event.causationId(), payload.json(), row.globalIndex(),
                            ChainHash.hex(rs.getBytes("hash")), row.subjectId(), payload.erased(),
                            event.traceId()));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the ledger: " + e.getMessage(), e);
        }
        return entries;
    }

    private record Revealed(JsonNode json, boolean erased) {
    }

    private static Revealed reveal(InteractionEventRecorded event, String subjectId, byte[] secret) {
        if (event.payload() == null) {
            return new Revealed(null, false);
        }
        JsonNode payload = readTree(event.payload());
        if (subjectId == null) {
            return new Revealed(payload, false);
        }
        boolean erased = PersonalSeal.openAll(payload, PersonalSeal.key(secret));
        return new Revealed(payload, erased);
    }

    private static JsonNode readTree(String payload) {
        try {
            return Json.mapper().readTree(payload);
        } catch (IOException e) {
            throw new IllegalArgumentException("a payload is not JSON: " + e.getMessage(), e);
        }
    }
}
