package dev.exceptionledger.classifier;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.exceptionledger.classifier.domain.CachingEmbedder;
import dev.exceptionledger.classifier.domain.ClassifierSettings;
import dev.exceptionledger.classifier.domain.Embedder;
import dev.exceptionledger.classifier.domain.IntentClassifier;
import dev.exceptionledger.classifier.domain.SentenceEmbedder;
import dev.exceptionledger.classifier.domain.Taxonomy;
import dev.exceptionledger.classifier.persistence.StoredVectors;
import dev.exceptionledger.classifier.persistence.TaxonomyStore;
import dev.exceptionledger.classifier.persistence.TaxonomyStore.NewVersion;
import dev.exceptionledger.classifier.persistence.TaxonomyStore.Outcome;
import dev.exceptionledger.support.DatabaseOutage;
import dev.exceptionledger.support.StrictJson;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The classifier of the active taxonomy version. The versions and which one is active are shared data
 * ({@link TaxonomyStore}): every replica follows the active version, checking it every
 * {@code classifier.taxonomy.refresh-every}. A starting replica trains once, on the active version (it never replays
 * the corrections), embedding only the texts no replica embedded before ({@link StoredVectors}); the shipped (or
 * {@code classifier.taxonomy-file}) taxonomy becomes active only when its version is new to the database. A version
 * is trained and calibrated before it is swapped in, so classifications never see a half-built model; training is
 * deterministic, so replicas on one version give the same scores.
 */
@Startup
@ApplicationScoped
public class ActiveClassifier {

    private static final Logger LOG = Logger.getLogger(ActiveClassifier.class);
    private static final String DEFAULT_TAXONOMY = "/taxonomy/default.json";
    /** Trained versions kept, so switching back to a recent one needs no training. */
    private static final int TRAINED_KEPT = 3;
    /** Texts whose vectors are kept between versions (~16 MB): the shipped taxonomy has ~4,000 with its calibration. */
    private static final int VECTORS_KEPT = 10_000;

    private final TaxonomyStore store;
    private final Embedder embedder;
    private final CachingEmbedder training;
    private final ClassifierSettings settings;
    private final ClassifierConfig config;
    private final AtomicReference<IntentClassifier> current = new AtomicReference<>();
    /** The last erasure this replica has forgotten the texts of (none: empty). */
    private Optional<Instant> forgottenUpTo = Optional.empty();
    private final Map<String, IntentClassifier> trained = new LinkedHashMap<>(TRAINED_KEPT + 1, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, IntentClassifier> eldest) {
            return size() > TRAINED_KEPT;
        }
    };

    public ActiveClassifier(TaxonomyStore store, SentenceEmbedder embedder, AgroalDataSource dataSource,
                            ClassifierSettings settings, ClassifierConfig config) {
        this.store = store;
        this.embedder = embedder;
        this.training = new CachingEmbedder(new StoredVectors(embedder, dataSource, settings.modelVersion()),
                VECTORS_KEPT);
        this.settings = settings;
        this.config = config;
    }

    @PostConstruct
    synchronized void load() {
        Taxonomy shipped = shipped();
        Outcome seeded = store.activate(version(shipped, TaxonomyStore.Reason.SHIPPED, "classifier-service"), true);
        if (seeded == Outcome.VERSION_CONFLICT) {
            LOG.warnf("the shipped taxonomy %s differs from the stored version of that name; the stored one stays: "
                    + "give a changed taxonomy a new version name", shipped.version());
        }
        // a starting replica keeps nothing of versions before it
        forgottenUpTo = store.lastRedaction();
        refresh();
    }

    public IntentClassifier current() {
        return current.get();
    }

    @Scheduled(every = "${classifier.taxonomy.refresh-every}", delayed = "${classifier.taxonomy.refresh-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void check() {
        DatabaseOutage.skipWhileDown("taxonomy check", this::refresh);
    }

    /**
     * Takes the database's active version if it changed (another replica's PUT or a correction). Synchronized with
     * {@link #activate}, so a check that read the database before this replica's activation cannot swap the older
     * version back in.
     */
    synchronized void refresh() {
        // read first: an erasure committed after this read is seen, and forgotten, at the next refresh
        Optional<Instant> redacted = store.lastRedaction();
        String active = store.activeVersion().orElseThrow(() -> new IllegalStateException("no active taxonomy"));
        IntentClassifier now = current.get();
        if (now == null || !now.taxonomy().version().equals(active)) {
            String document = store.document(active).orElseThrow();
            try {
                swapTo(StrictJson.mapper().readValue(document, Taxonomy.class));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("stored taxonomy " + active + " cannot be read", e);
            }
        }
        if (!redacted.equals(forgottenUpTo)) {
            forgetErasedTexts();
            forgottenUpTo = redacted;
        }
    }

    /**
     * An erasure (on whichever replica consumed it) took texts out of the stored versions, and made a version without
     * them active if the active one had them, which this replica has swapped in: what it keeps of other versions, the
     * trained ones and the texts' vectors, may hold the erased texts and is dropped.
     */
    private void forgetErasedTexts() {
        String active = current.get().taxonomy().version();
        trained.keySet().removeIf(version -> !version.equals(active));
        training.forgetAll();
        LOG.infof("an erasure redacted taxonomy versions: kept only the active version %s, and no vectors", active);
    }

    /** Whether anything this replica keeps in memory has the text: a trained version's taxonomy or its vector. */
    public synchronized boolean remembers(String text) {
        return training.holds(text) || trained.values().stream().anyMatch(kept -> kept.taxonomy().has(text));
    }

    /**
     * Stores a validated taxonomy (a policy-admin's PUT) and makes it the one every replica uses; this replica swaps
     * before answering. The same content under a stored name re-activates it; other content is a conflict.
     */
    public synchronized Outcome activate(Taxonomy taxonomy, String by) {
        Outcome outcome = store.activate(version(taxonomy, TaxonomyStore.Reason.PUT, by), false);
        if (outcome != Outcome.VERSION_CONFLICT) {
            swapTo(taxonomy);
        }
        return outcome;
    }

    private void swapTo(Taxonomy taxonomy) {
        IntentClassifier known = trained.get(taxonomy.version());
        if (known != null && known.taxonomy().equals(taxonomy)) {
            current.set(known);
            LOG.infof("taxonomy %s active again", taxonomy.version());
            return;
        }
        long start = System.nanoTime();
        IntentClassifier classifier = new IntentClassifier(taxonomy, embedder, training, settings,
                store.learnedTextHashes(), current.get());
        trained.put(taxonomy.version(), classifier);
        current.set(classifier);
        LOG.infof("taxonomy %s active in %d ms: model %s, %d intents, novelty threshold %.3f (expected flag rate %.3f)",
                taxonomy.version(), (System.nanoTime() - start) / 1_000_000, settings.modelVersion(),
                taxonomy.intents().size(), classifier.calibration().threshold(),
                classifier.calibration().expectedFlagRate());
    }

    /** A taxonomy as stored: its canonical JSON, so equal content is an equal document. */
    public static NewVersion version(Taxonomy taxonomy, TaxonomyStore.Reason reason, String by) {
        try {
            return new NewVersion(taxonomy.version(), StrictJson.mapper().writeValueAsString(taxonomy),
                    taxonomy.intents().size(), reason, by);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write taxonomy " + taxonomy.version(), e);
        }
    }

    private Taxonomy shipped() {
        try (InputStream in = config.taxonomyFile().isPresent()
                ? Files.newInputStream(config.taxonomyFile().get())
                : ActiveClassifier.class.getResourceAsStream(DEFAULT_TAXONOMY)) {
            return Taxonomy.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the taxonomy " + config.taxonomyFile().map(Object::toString)
                    .orElse(DEFAULT_TAXONOMY), e);
        }
    }
}
