package dev.exceptionledger.classifier.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps the vectors of the texts a taxonomy version trained on (the least recently used go first): the next version
 * differs from it by a correction or an edit, so a replica following it embeds only those texts and swaps within a
 * second or two instead of re-embedding every example. A text's vector does not depend on what it is embedded with
 * (SentenceEmbedder), so a cached vector is the vector.
 */
public final class CachingEmbedder implements Embedder {

    private final Embedder embedder;
    private final Map<String, float[]> vectors;

    /** @param capacity texts kept, ~1.6 KB each at 384 dimensions */
    public CachingEmbedder(Embedder embedder, int capacity) {
        this.embedder = embedder;
        this.vectors = new LinkedHashMap<>(capacity, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
                return size() > capacity;
            }
        };
    }

    public synchronized boolean holds(String text) {
        return vectors.containsKey(text);
    }

    /** Drops every kept vector (an erasure: the next version reads them from the database, or embeds them). */
    public synchronized void forgetAll() {
        vectors.clear();
    }

    @Override
    public synchronized float[] embed(String text) {
        return embedAll(List.of(text)).get(0);
    }

    @Override
    public synchronized List<float[]> embedAll(List<String> texts) {
        List<String> missing = texts.stream().filter(t -> !vectors.containsKey(t)).distinct().toList();
        if (!missing.isEmpty()) {
            List<float[]> embedded = embedder.embedAll(missing);
            for (int i = 0; i < missing.size(); i++) {
                vectors.put(missing.get(i), embedded.get(i));
            }
        }
        List<float[]> result = new ArrayList<>(texts.size());
        for (String text : texts) {
            result.add(vectors.get(text));
        }
        return result;
    }
}
