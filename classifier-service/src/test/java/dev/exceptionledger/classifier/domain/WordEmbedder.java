package dev.exceptionledger.classifier.domain;

import java.util.Locale;

/** A deterministic stand-in for the sentence model: a bag of words, so similarity is shared words. */
final class WordEmbedder implements Embedder {

    private static final int DIMENSIONS = 512;

    @Override
    public float[] embed(String text) {
        float[] vector = new float[DIMENSIONS];
        for (String word : text.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
            if (!word.isEmpty()) {
                vector[Math.floorMod(word.hashCode(), DIMENSIONS)] += 1;
            }
        }
        return vector;
    }
}
