package dev.exceptionledger.classifier.messaging;

import dev.exceptionledger.classifier.ActiveClassifier;
import dev.exceptionledger.classifier.domain.FeedbackLearner;
import dev.exceptionledger.classifier.domain.Taxonomy;
import dev.exceptionledger.classifier.persistence.TaxonomyStore;
import dev.exceptionledger.classifier.persistence.TaxonomyStore.Document;
import dev.exceptionledger.classifier.persistence.TaxonomyStore.NewVersion;
import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.contracts.SubjectErased;
import dev.exceptionledger.support.DatabaseOutage;
import dev.exceptionledger.support.EnvelopeInput;
import dev.exceptionledger.support.Sealing;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.Optional;
import java.util.Set;

/**
 * subjects.erased → what reviewers' corrections of the erased subject's interactions taught is forgotten: their texts
 * leave every stored taxonomy version, a new version without them becomes active (every replica follows it), and a
 * later correction of those interactions is not learned. One replica per erasure (the service's consumer group);
 * idempotent; a database outage is waited out (a dead letter would leave the texts readable).
 */
@ApplicationScoped
public class ErasureStage {

    private static final Logger LOG = Logger.getLogger(ErasureStage.class);

    private final TaxonomyStore store;
    private final EnvelopeInput input;
    private final Sealing sealing;

    public ErasureStage(TaxonomyStore store, @ConfigProperty(name = "quarkus.application.name") String consumerGroup,
                        @Channel("dead-letters") MutinyEmitter<Record<String, String>> deadLetters, Sealing sealing) {
        this.store = store;
        this.input = new EnvelopeInput(deadLetters, consumerGroup, sealing);
        this.sealing = sealing;
    }

    @Incoming("erasures")
    @Blocking
    public void on(ConsumerRecord<String, String> record) {
        input.accept(record, SubjectErased.TYPE, this::erase);
    }

    void erase(EventEnvelope envelope) {
        SubjectErased erased = envelope.payloadAs(SubjectErased.class);
        sealing.forget(erased.keys());
        if (erased.interactionIds() == null || erased.interactionIds().isEmpty()) {
            return;
        }
        String by = "erasure " + envelope.eventId();
        TaxonomyStore.Erased[] done = {null};
        DatabaseOutage.retry(by, () -> done[0] = store.erase(erased.interactionIds(), texts -> new Forgetting(texts, by)));
        TaxonomyStore.Erased result = done[0];
        if (result.newVersion() != null || result.waitingDropped() > 0) {
            LOG.infof("%s: taxonomy %s active, %d versions redacted, %d waiting corrections dropped", by,
                    result.newVersion(), result.redactedVersions().size(), result.waitingDropped());
        }
    }

    /** The versions without the erased texts. */
    private final class Forgetting implements TaxonomyStore.Redaction {
        private final Set<String> texts;
        private final String by;

        Forgetting(Set<String> texts, String by) {
            this.texts = texts;
            this.by = by;
        }

        @Override
        public Optional<NewVersion> redact(Document version) {
            Taxonomy taxonomy = FeedbackStage.parse(version);
            Taxonomy without = FeedbackLearner.forget(taxonomy, texts);
            return without == taxonomy ? Optional.empty()
                    : Optional.of(ActiveClassifier.version(without, TaxonomyStore.Reason.ERASURE, by));
        }

        @Override
        public Optional<NewVersion> next(Document active) {
            Taxonomy taxonomy = FeedbackStage.parse(active);
            Taxonomy without = FeedbackLearner.forget(taxonomy, texts);
            if (without == taxonomy) {
                return Optional.empty();
            }
            String base = FeedbackLearner.baseVersion(taxonomy.version());
            return Optional.of(ActiveClassifier.version(without.named(base + "+learned."
                    + store.nextLearnedNumber(base)), TaxonomyStore.Reason.ERASURE, by));
        }
    }
}
