package dev.exceptionledger.classifier.domain;

import java.util.Set;

/**
 * @param flagRate         the share of routine in-scope traffic the operator accepts to send to humans as novel
 * @param folds            cross-fitting folds calibrating on the taxonomy's own examples
 * @param highValueMin     a value score at or above this is HIGH_VALUE
 * @param blindSpotActions the agent's actions that end a conversation without a human (closed, deflected, answered)
 * @param modelVersion     the embedding model, named in every classification
 */
public record ClassifierSettings(double flagRate, int folds, double highValueMin, Set<String> blindSpotActions,
                                 String modelVersion) {

    public ClassifierSettings {
        if (flagRate <= 0 || flagRate >= 1 || folds < 2 || highValueMin < 0 || highValueMin > 1) {
            throw new IllegalArgumentException("classifier settings out of range: 0 < flagRate < 1, folds >= 2, "
                    + "0 <= highValueMin <= 1; got " + flagRate + ", " + folds + ", " + highValueMin);
        }
        blindSpotActions = Set.copyOf(blindSpotActions);
    }
}
