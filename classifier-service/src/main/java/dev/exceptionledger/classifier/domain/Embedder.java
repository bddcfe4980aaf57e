package dev.exceptionledger.classifier.domain;

import java.util.List;

/** Turns text into a vector; tests use a deterministic fake, the service the in-process sentence model. */
@FunctionalInterface
public interface Embedder {

    float[] embed(String text);

    default List<float[]> embedAll(List<String> texts) {
        return texts.stream().map(this::embed).toList();
    }
}
