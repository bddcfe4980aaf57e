package dev.exceptionledger.classifier;

import dev.exceptionledger.classifier.domain.ClassifierSettings;
import dev.exceptionledger.classifier.domain.Embedder;
import dev.exceptionledger.classifier.domain.SentenceEmbedder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The sentence model and the settings every taxonomy version is trained and scored with, made once. */
@ApplicationScoped
public class ClassifierBeans {

    @Produces
    @Singleton
    SentenceEmbedder embedder(ClassifierConfig config) {
        return new SentenceEmbedder(SentenceEmbedder.Variant.named(config.model()));
    }

    @Produces
    @Singleton
    ClassifierSettings settings(ClassifierConfig config, SentenceEmbedder embedder) {
        return new ClassifierSettings(config.flagRate(), config.calibrationFolds(), config.blindSpotActions(),
                embedder.version());
    }
}
