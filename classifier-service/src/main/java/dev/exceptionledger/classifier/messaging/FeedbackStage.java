package dev.exceptionledger.classifier.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.exceptionledger.classifier.ActiveClassifier;
import dev.exceptionledger.classifier.domain.FeedbackLearner;
import dev.exceptionledger.classifier.domain.Taxonomy;
import dev.exceptionledger.classifier.persistence.TaxonomyStore;
import dev.exceptionledger.classifier.persistence.TaxonomyStore.Outcome;
import dev.exceptionledger.contracts.ClassifierFeedback;
import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.support.DatabaseOutage;
import dev.exceptionledger.support.EnvelopeInput;
import dev.exceptionledger.support.Sealing;
import dev.exceptionledger.support.StrictJson;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * classifier.feedback → at most one new taxonomy version per correction, however many replicas run: the channel's
 * consumer group is the service's (each correction reaches one replica), a redelivered correction is recognised by
 * its eventId, and a version is stored only if the version it was learned from is still the active one (else it is
 * learned again from the new one). Every replica then trains the new version ({@link ActiveClassifier#refresh}).
 */
@ApplicationScoped
public class FeedbackStage {

    private static final Logger LOG = Logger.getLogger(FeedbackStage.class);
    /** Each retry follows another replica's write; this many in a row means something is wrong. */
    private static final int ATTEMPTS = 20;

    private final TaxonomyStore store;
    private final Sealing sealing;

    public FeedbackStage(TaxonomyStore store, Sealing sealing) {
        this.store = store;
        this.sealing = sealing;
    }

    @Incoming("feedback")
    @Blocking
    public void on(String value) {
        EventEnvelope envelope = EnvelopeInput.read(value);
        if (!ClassifierFeedback.TYPE.equals(envelope.type())) {
            return;
        }
        // the corrected text arrives sealed under its subject's key
        sealing.open(List.of(envelope));
        ClassifierFeedback feedback = envelope.payloadAs(ClassifierFeedback.class);
        // a database outage is waited out: a dead-lettered correction would never be learned
        DatabaseOutage.retry("correction " + envelope.eventId(), () -> learnOnce(envelope, feedback));
    }

    /** Stores at most one version for the correction, learning again while the active version changes under it. */
    private void learnOnce(EventEnvelope envelope, ClassifierFeedback feedback) {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            if (store.consumed(envelope.eventId()) || learn(envelope, feedback) != Outcome.STALE) {
                return;
            }
            LOG.debugf("correction %s learned from a stale version (attempt %d); again", envelope.eventId(), attempt);
        }
        throw new IllegalStateException("correction " + envelope.eventId() + " could not be stored after "
                + ATTEMPTS + " attempts: the active taxonomy kept changing");
    }

    private Outcome learn(EventEnvelope envelope, ClassifierFeedback feedback) {
        TaxonomyStore.Document active = store.active().orElseThrow(() -> new IllegalStateException("no taxonomy"));
        Taxonomy current = parse(active);
        String intent = feedback.correctIntent();
        List<FeedbackLearner.Waiting> waiting = intent == null ? List.of() : store.waitingFor(intent);
        TaxonomyStore.Seen seen = new TaxonomyStore.Seen(envelope.eventId(), active.version(), intent, waiting.size(),
                feedback.interactionId(), feedback.text());
        FeedbackLearner.Outcome outcome = FeedbackLearner.learn(current, feedback, waiting,
                store.nextLearnedNumber(FeedbackLearner.baseVersion(current.version())));
        if (outcome instanceof FeedbackLearner.Waits waits) {
            return store.waiting(seen, waits.correction());
        }
        if (outcome instanceof FeedbackLearner.Learned learned) {
            Outcome stored = store.learned(seen, ActiveClassifier.version(learned.taxonomy(),
                    TaxonomyStore.Reason.CORRECTION, "review " + feedback.reviewId()));
            // a name taken meanwhile: the next attempt counts again
            return stored == Outcome.VERSION_CONFLICT ? Outcome.STALE : stored;
        }
        return Outcome.UNCHANGED;
    }

    static Taxonomy parse(TaxonomyStore.Document document) {
        try {
            return StrictJson.mapper().readValue(document.document(), Taxonomy.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored taxonomy " + document.version() + " cannot be read", e);
        }
    }
}
