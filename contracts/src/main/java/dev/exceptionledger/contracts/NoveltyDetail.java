package dev.exceptionledger.contracts;

import java.util.Map;

/**
 * How the novelty of a classification was reached.
 *
 * @param score      the combined novelty score: the mean of the standardised components (0 = a typical in-scope example)
 * @param threshold  the calibrated threshold on {@code score}: above it the interaction is novel
 * @param flagRate   the share of routine in-scope traffic the threshold was calibrated to flag
 * @param components each raw component, e.g. relativeMahalanobis, knnDistance, energy
 */
public record NoveltyDetail(double score, double threshold, double flagRate, Map<String, Double> components) { }
