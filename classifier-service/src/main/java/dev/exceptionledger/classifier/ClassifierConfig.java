package dev.exceptionledger.classifier;

import io.smallrye.config.ConfigMapping;

import java.nio.file.Path;
import java.util.Optional;

/** The classifier's tuning knobs, under {@code classifier.*}. */
@ConfigMapping(prefix = "classifier")
public interface ClassifierConfig {

    int topK();

    Confidence confidence();

    Novelty novelty();

    /** A taxonomy file used instead of the shipped {@code taxonomy/default.json}, e.g. mounted from a ConfigMap. */
    Optional<Path> taxonomyFile();

    interface Confidence {
        double temperature();
    }

    interface Novelty {
        double threshold();
    }
}
