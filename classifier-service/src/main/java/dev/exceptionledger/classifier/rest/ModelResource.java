package dev.exceptionledger.classifier.rest;

import dev.exceptionledger.classifier.ActiveClassifier;
import dev.exceptionledger.classifier.domain.Calibration;
import dev.exceptionledger.classifier.domain.ClassifierSettings;
import dev.exceptionledger.classifier.domain.IntentClassifier;
import dev.exceptionledger.classifier.domain.IntentModel;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;
import java.util.Set;

/** What the classifier is running: the model, and how its confidence and novelty threshold were calibrated. */
@Path("/model")
public class ModelResource {

    /**
     * @param calibratedThreshold a combined novelty score above it is novel
     * @param expectedFlagRate    the share of held-out in-scope examples above the threshold
     */
    public record ModelView(String modelVersion, String taxonomyVersion, String head, List<String> noveltyComponents,
                            double flagRate, double calibratedThreshold, double expectedFlagRate,
                            CalibrationView calibration, Set<String> blindSpotActions) { }

    /**
     * @param method how the held-out scores were obtained
     * @param eceBefore expected calibration error of the intent probabilities at temperature 1; {@code eceAfter} at the
     *                  fitted temperature
     */
    public record CalibrationView(String method, int heldOutExamples, double temperature, double heldOutAccuracy,
                                  double eceBefore, double eceAfter) { }

    private final ActiveClassifier classifier;

    public ModelResource(ActiveClassifier classifier) {
        this.classifier = classifier;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({"reviewer", "policy-admin", "compliance"})
    public ModelView model() {
        IntentClassifier current = classifier.current();
        Calibration c = current.calibration();
        ClassifierSettings s = current.settings();
        return new ModelView(s.modelVersion(), current.taxonomy().version(),
                "multinomial logistic regression on sentence embeddings", IntentModel.COMPONENTS, s.flagRate(),
                round(c.threshold()), round(c.expectedFlagRate()),
                new CalibrationView(current.taxonomy().calibration().isEmpty()
                        ? s.folds() + "-fold cross-fitting on the taxonomy's examples: each example scored by a model "
                                + "trained without its fold"
                        : "the taxonomy's held-out calibration texts, never trained on", c.heldOut(), round(c.temperature()),
                        round(c.heldOutAccuracy()), round(c.eceBefore()), round(c.eceAfter())),
                s.blindSpotActions());
    }

    private static double round(double value) {
        return Math.round(value * 10000) / 10000.0;
    }
}
