package dev.exceptionledger.classifier.domain;

import dev.exceptionledger.contracts.AgentActions;

import java.util.Set;

/**
 * @param flagRate         the share of routine in-scope traffic the operator accepts to send to humans as novel
 * @param folds            cross-fitting folds calibrating on the taxonomy's own examples
 * @param blindSpotActions the agent's canonical actions ({@link AgentActions#CANONICAL}) that end a conversation
 *                         without a human (closed, deflected, answered)
 * @param modelVersion     the embedding model, named in every classification
 */
public record ClassifierSettings(double flagRate, int folds, Set<String> blindSpotActions, String modelVersion) {

    public ClassifierSettings {
        if (flagRate <= 0 || flagRate >= 1 || folds < 2) {
            throw new IllegalArgumentException("classifier settings out of range: 0 < flagRate < 1, folds >= 2; got "
                    + flagRate + ", " + folds);
        }
        if (!AgentActions.CANONICAL.containsAll(blindSpotActions)) {
            throw new IllegalArgumentException("blind-spot actions must be canonical agent actions ("
                    + String.join(", ", AgentActions.CANONICAL) + "); got " + blindSpotActions);
        }
        blindSpotActions = Set.copyOf(blindSpotActions);
    }
}
