package dev.exceptionledger.ledger.persistence;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.exceptionledger.contracts.Json;
import dev.exceptionledger.ledger.api.InteractionEventRecorded;
import dev.exceptionledger.ledger.domain.ChainHash;
import dev.exceptionledger.ledger.domain.ChainHash.StoredEvent;
import dev.exceptionledger.ledger.domain.PersonalData;
import dev.exceptionledger.support.PersonalSeal;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** The compliance replay: the stored events matching a filter, in global order, as NDJSON. */
@ApplicationScoped
public class LedgerReplay {

    /** Rows the reader may be ahead of the writer. */
    private static final int READ_AHEAD = 1000;

    private final AgroalDataSource dataSource;

    LedgerReplay(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A replay's filter; every part optional, {@code [from, to)} on occurredAt. */
    public record ReplayFilter(Instant from, Instant to, String interactionId, String type) {
    }

    /**
     * Writes the events matching the filter as NDJSON in global order, one line per event, through a database
     * cursor: memory stays constant however many events match. A {@link ReplayReader} thread fetches and parses the
     * rows (at most {@link #READ_AHEAD} ahead) while this one opens sealed fields and writes, so the two and
     * PostgreSQL overlap.
     *
     * @return the number of lines written
     */
    public long replay(ReplayFilter filter, OutputStream out) {
        StringBuilder sql = new StringBuilder("SELECT " + StoredEventRows.COLUMNS + ", c.hash, k.secret "
                + "FROM domainevententry e LEFT JOIN ledger_chain c ON c.globalindex = e.globalindex "
                + "LEFT JOIN subject_key k ON k.contact_id = e.subject_id WHERE TRUE");
        List<Object> parameters = new ArrayList<>();
        if (filter.from() != null) {
            sql.append(" AND e.occurred_at >= ?");
            parameters.add(OffsetDateTime.ofInstant(filter.from(), ZoneOffset.UTC));
        }
        if (filter.to() != null) {
            sql.append(" AND e.occurred_at < ?");
            parameters.add(OffsetDateTime.ofInstant(filter.to(), ZoneOffset.UTC));
        }
        if (filter.interactionId() != null) {
            sql.append(" AND e.aggregateidentifier = ?");
            parameters.add(filter.interactionId());
        }
        if (filter.type() != null) {
            sql.append(" AND e.event_type = ?");
            parameters.add(filter.type());
        }
        sql.append(" ORDER BY e.globalindex");
        ReplayReader reader = new ReplayReader(dataSource, sql.toString(), parameters, READ_AHEAD);
        reader.start();
        long lines = 0;
        try (JsonGenerator generator = Json.mapper().getFactory().createGenerator(out)
                .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)) {
            // NDJSON: the newline is the only separator
            generator.setRootValueSeparator(null);
            for (ReplayReader.Row row = reader.next(); row != null; row = reader.next()) {
                writeLine(generator, row);
                lines++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            // a client that went away stops the reader too
            reader.interrupt();
        }
        return lines;
    }

    private static void writeLine(JsonGenerator out, ReplayReader.Row line) throws IOException {
        StoredEvent row = line.row();
        InteractionEventRecorded event = line.event();
        out.writeStartObject();
        out.writeNumberField("position", row.globalIndex());
        out.writeStringField("eventId", event.eventId());
        out.writeStringField("type", event.type());
        out.writeNumberField("schemaVersion", event.schemaVersion());
        out.writeStringField("interactionId", event.interactionId());
        out.writeStringField("occurredAt", event.occurredAt() == null ? null : event.occurredAt().toString());
        out.writeStringField("producer", event.producer());
        out.writeStringField("correlationId", event.correlationId());
        out.writeStringField("causationId", event.causationId());
        out.writeStringField("topic", event.topic());
        out.writeStringField("recordedAt", row.timestamp());
        out.writeFieldName("payload");
        boolean erased = false;
        if (event.payload() == null) {
            out.writeNull();
        } else if (row.subjectId() == null) {
            // nothing personal: the stored JSON text as it is
            out.writeRawValue(event.payload());
        } else {
            erased = PersonalData.revealTo(event.payload(), PersonalSeal.key(line.secret()), out);
        }
        out.writeStringField("contactId", row.subjectId());
        out.writeBooleanField("erased", erased);
        out.writeStringField("hash", ChainHash.hex(line.hash()));
        out.writeStringField("traceId", event.traceId());
        out.writeEndObject();
        out.writeRaw('\n');
    }
}
