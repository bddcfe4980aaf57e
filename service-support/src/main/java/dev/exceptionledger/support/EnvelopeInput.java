package dev.exceptionledger.support;

import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.contracts.Json;
import dev.exceptionledger.contracts.PersonalFields;
import io.opentelemetry.context.Scope;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * What every consumer of envelopes does before its own work: refuse a record without a value, read the envelope,
 * skip events of other types, open its sealed personal values ({@link Sealing}), and dead-letter what cannot be read
 * or handled without failing the rest of a batch.
 */
public final class EnvelopeInput {

    private static final Logger LOG = Logger.getLogger(EnvelopeInput.class);

    private final MutinyEmitter<Record<String, String>> deadLetters;
    private final String consumerGroup;
    private final Sealing sealing;

    /**
     * @param deadLetters   an emitter whose channel writes the {@code deadletters} topic
     * @param consumerGroup the consumer group the ledger records with each dead letter
     * @param sealing       opens the payloads' sealed values before the handler sees them; null for
     *                      {@link #unopened}
     */
    public EnvelopeInput(MutinyEmitter<Record<String, String>> deadLetters, String consumerGroup, Sealing sealing) {
        this.deadLetters = deadLetters;
        this.consumerGroup = consumerGroup;
        this.sealing = sealing;
    }

    /**
     * For a consumer that uses none of its events' personal values: they are left sealed, which spares a call to the
     * key store per batch.
     */
    public static EnvelopeInput unopened(MutinyEmitter<Record<String, String>> deadLetters, String consumerGroup) {
        return new EnvelopeInput(deadLetters, consumerGroup, null);
    }

    /** A record's envelope; throws {@link IllegalArgumentException} when it has no value or is not an envelope. */
    public static EventEnvelope read(String value) {
        if (value == null) {
            throw new IllegalArgumentException("the record has no value");
        }
        return Json.readEnvelope(value);
    }

    /**
     * One record, for a consumer that takes records one at a time: as {@link #forEach}, and returns once a dead
     * letter, if any, is acknowledged. Unlike SmallRye's own dead-letter queue it names this consumer group, so two
     * services refusing the same record are two dead-letter facts in the ledger, not one.
     */
    public void accept(ConsumerRecord<String, String> record, String type, Consumer<EventEnvelope> handler) {
        BatchOutputs outputs = new BatchOutputs();
        forEach(List.of(record), type, outputs, handler);
        outputs.awaitAcksOfConsumedBatch();
    }

    /**
     * Calls {@code handler} with the envelope of each record of the batch that carries an event of {@code type}, in
     * order. A record that cannot be read, or whose handler throws, is dead-lettered through {@code outputs} and the
     * batch goes on; the caller still awaits {@code outputs}' acknowledgements. The handler runs in the record's trace
     * (the current context), so what it sends through {@code outputs} continues that trace.
     */
    public void forEach(Iterable<ConsumerRecord<String, String>> records, String type, BatchOutputs outputs,
                        Consumer<EventEnvelope> handler) {
        forEach(records, type, outputs, (record, envelope) -> handler.accept(envelope));
    }

    /** {@link #forEach(Iterable, String, BatchOutputs, Consumer)}, the handler given each envelope's record too. */
    public void forEach(Iterable<ConsumerRecord<String, String>> records, String type, BatchOutputs outputs,
                        BiConsumer<ConsumerRecord<String, String>, EventEnvelope> handler) {
        List<ConsumerRecord<String, String>> read = new ArrayList<>();
        List<EventEnvelope> envelopes = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            try (Scope trace = Traces.of(record).makeCurrent()) {
                EventEnvelope envelope = read(record.value());
                if (type.equals(envelope.type())) {
                    if (envelope.subject() != null && !PersonalFields.isContactId(envelope.subject())) {
                        throw new IllegalArgumentException("the envelope's subject is not a contactId (64 lowercase "
                                + "hex characters)");
                    }
                    read.add(record);
                    envelopes.add(envelope);
                }
            } catch (RuntimeException e) {
                deadLetter(outputs, record, e);
            }
        }
        // one call to the key store for the batch (waited out while it is unreachable: nothing is dead-lettered for it)
        if (sealing != null) {
            sealing.open(envelopes);
        }
        for (int i = 0; i < envelopes.size(); i++) {
            ConsumerRecord<String, String> record = read.get(i);
            try (Scope trace = Traces.of(record).makeCurrent()) {
                handler.accept(record, envelopes.get(i));
            } catch (RuntimeException e) {
                deadLetter(outputs, record, e);
            }
        }
    }

    private void deadLetter(BatchOutputs outputs, ConsumerRecord<String, String> record, RuntimeException e) {
        LOG.warnf("dead-lettering %s-%d@%d: %s", record.topic(), record.partition(), record.offset(),
                BatchOutputs.deadLetterReason(e));
        outputs.deadLetter(deadLetters, record, consumerGroup, e);
    }
}
