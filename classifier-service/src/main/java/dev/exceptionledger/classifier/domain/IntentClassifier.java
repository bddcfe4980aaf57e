package dev.exceptionledger.classifier.domain;

import dev.exceptionledger.classifier.domain.Taxonomy.Intent;
import dev.exceptionledger.contracts.AgentDecision;
import dev.exceptionledger.contracts.InteractionClassified;
import dev.exceptionledger.contracts.InteractionReceived;
import dev.exceptionledger.contracts.NearestExample;
import dev.exceptionledger.contracts.NoveltyDetail;
import dev.exceptionledger.contracts.ShadowComparison;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Scores an interaction against one taxonomy version: the {@link IntentModel} trained on the taxonomy's examples
 * (and calibrated on them by cross-fitting) gives intent, confidence and novelty; {@link ValueSignalDetector} the
 * value; the agent's own decision, if any, is compared in shadow mode. Built once per taxonomy version.
 */
public final class IntentClassifier {

    private record Example(String intent, String text, float[] vector) { }

    private final Taxonomy taxonomy;
    private final Embedder embedder;
    private final ClassifierSettings settings;
    private final ValueSignalDetector signals;
    private final List<Example> examples = new ArrayList<>();
    private final IntentModel model;

    public IntentClassifier(Taxonomy taxonomy, Embedder embedder, ClassifierSettings settings) {
        this.taxonomy = taxonomy;
        this.embedder = embedder;
        this.settings = settings;
        this.signals = new ValueSignalDetector(taxonomy);
        List<float[]> vectors = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int c = 0; c < taxonomy.intents().size(); c++) {
            Intent intent = taxonomy.intents().get(c);
            List<float[]> embedded = embedder.embedAll(intent.examples());
            for (int i = 0; i < embedded.size(); i++) {
                float[] unit = IntentModel.unit(embedded.get(i));
                examples.add(new Example(intent.name(), intent.examples().get(i), unit));
                vectors.add(unit);
                labels.add(c);
            }
        }
        this.model = IntentModel.crossFitted(vectors, labels.stream().mapToInt(Integer::intValue).toArray(),
                taxonomy.intents().size(), settings.folds(), IntentModel.Settings.defaults(settings.flagRate()));
    }

    public Taxonomy taxonomy() {
        return taxonomy;
    }

    public ClassifierSettings settings() {
        return settings;
    }

    public Calibration calibration() {
        return model.calibration();
    }

    public InteractionClassified classify(InteractionReceived interaction) {
        String text = ScoredText.of(interaction);
        return classify(interaction, text, embedder.embed(text));
    }

    /**
     * Classifies several interactions, their texts embedded at once (the embedder's threads); the same results as
     * {@link #classify} one by one, in order.
     *
     * @throws IllegalArgumentException one of them has nothing to score ({@link ScoredText})
     */
    public List<InteractionClassified> classifyAll(List<InteractionReceived> interactions) {
        List<String> texts = interactions.stream().map(ScoredText::of).toList();
        List<float[]> vectors = texts.isEmpty() ? List.of() : embedder.embedAll(texts);
        List<InteractionClassified> results = new ArrayList<>(interactions.size());
        for (int i = 0; i < interactions.size(); i++) {
            results.add(classify(interactions.get(i), texts.get(i), vectors.get(i)));
        }
        return results;
    }

    private InteractionClassified classify(InteractionReceived interaction, String text, float[] embedding) {
        float[] query = IntentModel.unit(embedding);
        IntentModel.Scored scored = model.score(query);
        Intent intent = taxonomy.intents().get(scored.intent());
        Calibration calibration = model.calibration();

        List<String> reasons = new ArrayList<>();
        reasons.add(intentReason(scored));
        reasons.add(scored.novel()
                ? "novel: more unusual than " + percent(scored.novelty()) + " of held-out known examples (score "
                        + round(scored.score()) + " above the threshold " + round(calibration.threshold()) + ")"
                : "like known examples: novelty score " + round(scored.score()) + " is below the threshold "
                        + round(calibration.threshold()));
        List<ValueSignalDetector.Detected> detected = signals.detect(interaction, text);
        detected.forEach(d -> reasons.add(d.reason()));
        double valueScore = ValueSignalDetector.valueScore(detected);
        boolean highValue = valueScore >= settings.highValueMin();
        if (highValue) {
            reasons.add("high value: value score " + round(valueScore) + " is at least " + settings.highValueMin());
        }
        ShadowComparison shadow = shadow(interaction.agentDecision(), intent.name(), scored, valueScore);
        if (shadow != null && !shadow.agrees()) {
            reasons.add("the agent labelled it '" + shadow.agentLabel() + "', not " + intent.name());
        }
        if (shadow != null && shadow.blindSpot()) {
            reasons.addAll(shadow.evidence());
        }
        if (!intent.agentMayHandle()) {
            reasons.add(intent.name() + " is not for the agent: owned by " + intent.team());
        }
        List<String> flags = new ArrayList<>();
        if (scored.novel()) {
            flags.add(InteractionClassified.NOVEL);
        }
        if (highValue) {
            flags.add(InteractionClassified.HIGH_VALUE);
        }
        if (shadow != null && shadow.blindSpot()) {
            flags.add(InteractionClassified.AGENT_BLIND_SPOT);
        }
        Map<String, Double> components = new LinkedHashMap<>();
        for (int c = 0; c < IntentModel.COMPONENTS.size(); c++) {
            components.put(IntentModel.COMPONENTS.get(c), round(scored.components()[c]));
        }

        return new InteractionClassified(
                intent.name(),
                round(scored.confidence()),
                round(scored.novelty()),
                scored.novel(),
                round(valueScore),
                detected.stream().map(ValueSignalDetector.Detected::signal).toList(),
                intent.agentMayHandle(),
                intent.team(),
                shadow != null && !shadow.agrees(),
                reasons,
                nearest(query, 3),
                settings.modelVersion(),
                taxonomy.version(),
                interaction,
                flags,
                new NoveltyDetail(round(scored.score()), round(calibration.threshold()), settings.flagRate(), components),
                shadow);
    }

    /**
     * The agent's decision next to ours. A blind spot is the agent ending the conversation itself (closed, deflected,
     * answered) on something we find novel or high-value: exactly where an unattended agent loses the customer.
     */
    private ShadowComparison shadow(AgentDecision decision, String intent, IntentModel.Scored scored, double valueScore) {
        if (decision == null) {
            return null;
        }
        boolean hasLabel = decision.label() != null && !decision.label().isBlank();
        boolean agrees = !hasLabel || normalizeLabel(decision.label()).equals(normalizeLabel(intent));
        String action = decision.action() == null ? null : decision.action().strip().toLowerCase(Locale.ROOT);
        List<String> evidence = new ArrayList<>();
        if (action != null && settings.blindSpotActions().contains(action)) {
            String why = "agent blind spot: the agent " + action + " it";
            if (scored.novel()) {
                evidence.add(why + ", but it is novel (more unusual than " + percent(scored.novelty())
                        + " of known examples)");
            }
            if (valueScore >= settings.highValueMin()) {
                evidence.add(why + ", but it is high-value (value score " + round(valueScore) + ")");
            }
        }
        return new ShadowComparison(decision.label(), decision.action(), decision.confidence(), intent,
                round(scored.confidence()), agrees, !evidence.isEmpty(), evidence);
    }

    static String normalizeLabel(String label) {
        return label.strip().toLowerCase(Locale.ROOT).replaceAll("[\\s-]+", "_");
    }

    private String intentReason(IntentModel.Scored scored) {
        double[] p = scored.probabilities();
        Integer[] order = new Integer[p.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> p[i]).reversed());
        String reason = taxonomy.intents().get(order[0]).name() + " with confidence " + round(p[order[0]]);
        return p.length > 1
                ? reason + ", then " + taxonomy.intents().get(order[1]).name() + " (" + round(p[order[1]]) + ")"
                : reason;
    }

    private List<NearestExample> nearest(float[] query, int count) {
        double[] similarity = new double[examples.size()];
        for (int i = 0; i < similarity.length; i++) {
            float[] v = examples.get(i).vector();
            double sum = 0;
            for (int j = 0; j < v.length; j++) {
                sum += query[j] * v[j];
            }
            similarity[i] = sum;
        }
        Integer[] order = new Integer[similarity.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> similarity[i]).reversed());
        return Arrays.stream(order).limit(count)
                .map(i -> new NearestExample(examples.get(i).intent(), examples.get(i).text(), round(similarity[i])))
                .toList();
    }

    private static String percent(double share) {
        return Math.round(share * 100) + "%";
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
