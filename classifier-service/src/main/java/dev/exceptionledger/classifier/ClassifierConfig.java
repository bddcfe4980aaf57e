package dev.exceptionledger.classifier;

import io.smallrye.config.ConfigMapping;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/** The classifier's knobs, under {@code classifier.*}. */
@ConfigMapping(prefix = "classifier")
public interface ClassifierConfig {

    /** quantized or full (all-MiniLM-L6-v2); other encoders of SentenceEmbedder.Variant need their artifact added */
    String model();

    /** the share of routine in-scope traffic the operator accepts to flag as novel; the threshold is calibrated to it */
    double flagRate();

    int calibrationFolds();

    Set<String> blindSpotActions();

    /** A taxonomy file used instead of the shipped {@code taxonomy/default.json}, e.g. mounted from a ConfigMap. */
    Optional<Path> taxonomyFile();

    /** Following the active taxonomy version: {@code classifier.taxonomy.refresh-every} (read by the scheduler). */
    Following taxonomy();

    interface Following {
        /** how often each replica checks the database for a version activated elsewhere */
        Duration refreshEvery();
    }
}
