package dev.exceptionledger.classifier;

import dev.exceptionledger.classifier.domain.ClassifierSettings;
import dev.exceptionledger.classifier.domain.Embedder;
import dev.exceptionledger.classifier.domain.IntentClassifier;
import dev.exceptionledger.classifier.domain.Taxonomy;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The classifier of the active taxonomy version, and the versions activated since startup (kept in memory: a
 * restart starts again from the shipped or configured taxonomy). A new version is trained and calibrated before it is
 * swapped in, so classifications never see a half-built model.
 */
public class ActiveClassifier {

    private static final Logger LOG = Logger.getLogger(ActiveClassifier.class);

    /** A taxonomy version and when it took effect. */
    public record Version(String version, Instant activatedAt, int intents, IntentClassifier classifier) { }

    private final Embedder embedder;
    private final ClassifierSettings settings;
    private final AtomicReference<IntentClassifier> current = new AtomicReference<>();
    private final List<Version> versions = new ArrayList<>();

    ActiveClassifier(Embedder embedder, ClassifierSettings settings, Taxonomy first) {
        this.embedder = embedder;
        this.settings = settings;
        activate(first);
    }

    public IntentClassifier current() {
        return current.get();
    }

    public synchronized List<Version> versions() {
        return List.copyOf(versions);
    }

    public synchronized Optional<Version> version(String version) {
        return versions.stream().filter(v -> v.version().equals(version)).findFirst();
    }

    /**
     * Trains and calibrates on the new taxonomy, then makes it the one every classification uses. A version seen
     * before with the same content is switched back to without retraining.
     *
     * @throws IllegalStateException the version name exists with different content: versions are immutable
     */
    public synchronized IntentClassifier activate(Taxonomy taxonomy) {
        Optional<Version> known = version(taxonomy.version());
        if (known.isPresent()) {
            if (!known.get().classifier().taxonomy().equals(taxonomy)) {
                throw new IllegalStateException("taxonomy version " + taxonomy.version() + " exists with other content");
            }
            current.set(known.get().classifier());
            LOG.infof("taxonomy %s active again", taxonomy.version());
            return known.get().classifier();
        }
        long start = System.nanoTime();
        IntentClassifier classifier = new IntentClassifier(taxonomy, embedder, settings);
        current.set(classifier);
        versions.add(new Version(taxonomy.version(), Instant.now(), taxonomy.intents().size(), classifier));
        LOG.infof("taxonomy %s active in %d ms: model %s, %d intents, novelty threshold %.3f (expected flag rate %.3f)",
                taxonomy.version(), (System.nanoTime() - start) / 1_000_000, settings.modelVersion(),
                taxonomy.intents().size(), classifier.calibration().threshold(),
                classifier.calibration().expectedFlagRate());
        return classifier;
    }
}
