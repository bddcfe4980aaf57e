package dev.exceptionledger.classifier.domain;

/**
 * @param topK             an intent's score is the mean similarity of its k most similar examples
 * @param temperature      softmax temperature turning intent scores into a confidence; lower is sharper
 * @param noveltyThreshold novelty above this marks an interaction as novel (unlike anything known)
 * @param modelVersion     the embedding model, named in every classification
 */
public record ClassifierSettings(int topK, double temperature, double noveltyThreshold, String modelVersion) {

    public ClassifierSettings {
        if (topK < 1 || temperature <= 0 || noveltyThreshold < 0 || noveltyThreshold > 1) {
            throw new IllegalArgumentException("classifier settings out of range: topK >= 1, temperature > 0, "
                    + "0 <= noveltyThreshold <= 1; got " + topK + ", " + temperature + ", " + noveltyThreshold);
        }
    }
}
