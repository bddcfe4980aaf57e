package dev.exceptionledger.classifier.domain;

import dev.exceptionledger.classifier.domain.Taxonomy.Intent;
import dev.exceptionledger.contracts.AgentDecision;
import dev.exceptionledger.contracts.InteractionClassified;
import dev.exceptionledger.contracts.InteractionReceived;
import dev.exceptionledger.contracts.NearestExample;
import dev.exceptionledger.contracts.NoveltyDetail;
import dev.exceptionledger.contracts.ReasonCode;
import dev.exceptionledger.contracts.ShadowComparison;
import dev.exceptionledger.contracts.ValueSignal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Scores an interaction against one taxonomy version: the {@link IntentModel} trained on the taxonomy's examples
 * (and calibrated on its held-out calibration texts, or on the examples by cross-fitting when it has none) gives
 * intent, confidence and novelty; {@link ValueSignalDetector} the
 * value; the agent's own decision, if any, is compared in shadow mode. Built once per taxonomy version.
 */
public final class IntentClassifier {

    /** @param text null for an example learned from a reviewer's correction: a person's words, never shown */
    private record Example(String intent, String text) { }

    private static final Pattern LABEL_SEPARATORS = Pattern.compile("[\\s-]+");

    private final Taxonomy taxonomy;
    private final Embedder embedder;
    private final ClassifierSettings settings;
    private final ValueSignalDetector signals;
    private final List<Example> examples = new ArrayList<>();
    private final TrainingSet trainingSet;
    private final IntentModel model;
    /** the taxonomy's precedents and their unit vectors, in the same order; empty when it has none */
    private final List<Taxonomy.Precedent> precedents;
    private final float[][] precedentVectors;
    /** per precedent, the index of the example with its text (the model has its similarity at hand), or -1 */
    private final int[] precedentExamples;

    public IntentClassifier(Taxonomy taxonomy, Embedder embedder, ClassifierSettings settings) {
        this(taxonomy, embedder, embedder, settings, Set.of());
    }

    /**
     * @param embedder the embedder of the interactions to score
     * @param training the embedder of the taxonomy's examples and calibration texts: the same model, perhaps
     *                 keeping their vectors from one version to the next ({@link CachingEmbedder})
     * @param learned  the {@link FeedbackLearner#textHash}es of examples learned from reviewers' corrections: they
     *                 teach the model but are never quoted as a nearest example (another person's words, which an
     *                 erasure of that person must be able to reach)
     */
    public IntentClassifier(Taxonomy taxonomy, Embedder embedder, Embedder training, ClassifierSettings settings,
                            Set<String> learned) {
        this(taxonomy, embedder, training, settings, learned, null);
    }

    /**
     * @param before a classifier of an earlier version, or null: when this version's model would learn from the same
     *               texts and settings (it differs only in name, teams, vocabulary or precedents), its trained model is
     *               reused instead of trained again; training is deterministic, so the scores are the same
     */
    public IntentClassifier(Taxonomy taxonomy, Embedder embedder, Embedder training, ClassifierSettings settings,
                            Set<String> learned, IntentClassifier before) {
        this.taxonomy = taxonomy;
        this.embedder = embedder;
        this.settings = settings;
        this.signals = new ValueSignalDetector(taxonomy);
        List<float[]> vectors = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        Map<String, float[]> embeddedExamples = new HashMap<>();
        Map<String, Integer> exampleIndex = new HashMap<>();
        for (int c = 0; c < taxonomy.intents().size(); c++) {
            Intent intent = taxonomy.intents().get(c);
            List<float[]> embedded = training.embedAll(intent.examples());
            for (int i = 0; i < embedded.size(); i++) {
                float[] unit = IntentModel.unit(embedded.get(i));
                String text = intent.examples().get(i);
                embeddedExamples.put(text, unit);
                exampleIndex.putIfAbsent(text, vectors.size());
                examples.add(new Example(intent.name(),
                        !learned.isEmpty() && learned.contains(FeedbackLearner.textHash(text)) ? null : text));
                vectors.add(unit);
                labels.add(c);
            }
        }
        int[] trainLabels = labels.stream().mapToInt(Integer::intValue).toArray();
        IntentModel.Settings modelSettings = IntentModel.Settings.defaults(settings.flagRate());
        this.trainingSet = TrainingSet.of(taxonomy, settings);
        if (before != null && before.trainingSet.equals(trainingSet)) {
            this.model = before.model;
        } else if (taxonomy.calibration().isEmpty()) {
            this.model = IntentModel.crossFitted(vectors, trainLabels, taxonomy.intents().size(), settings.folds(),
                    modelSettings);
        } else {
            List<float[]> heldOut = training.embedAll(taxonomy.calibration().stream()
                    .map(Taxonomy.CalibrationText::text).toList()).stream().map(IntentModel::unit).toList();
            List<String> names = taxonomy.intents().stream().map(Intent::name).toList();
            int[] heldOutLabels = taxonomy.calibration().stream().mapToInt(held -> names.indexOf(held.intent()))
                    .toArray();
            this.model = IntentModel.trainAndCalibrate(vectors, trainLabels, taxonomy.intents().size(), heldOut,
                    heldOutLabels, modelSettings);
        }
        this.precedents = taxonomy.precedents() == null ? List.of() : taxonomy.precedents().interactions();
        // a precedent is usually an example too (a labelled interaction teaches its intent): its vector is at hand
        List<String> unseen = precedents.stream().map(Taxonomy.Precedent::text)
                .filter(text -> !embeddedExamples.containsKey(text)).distinct().toList();
        List<float[]> embeddedUnseen = unseen.isEmpty() ? List.of() : training.embedAll(unseen);
        for (int i = 0; i < unseen.size(); i++) {
            embeddedExamples.put(unseen.get(i), IntentModel.unit(embeddedUnseen.get(i)));
        }
        this.precedentVectors = precedents.stream().map(p -> embeddedExamples.get(p.text())).toArray(float[][]::new);
        this.precedentExamples = precedents.stream().mapToInt(p -> exampleIndex.getOrDefault(p.text(), -1)).toArray();
    }

    /** What the model learns from: the intents' names and examples, the calibration texts and the settings. */
    private record TrainingSet(List<String> intents, List<List<String>> examples,
                               List<Taxonomy.CalibrationText> calibration, ClassifierSettings settings) {

        static TrainingSet of(Taxonomy taxonomy, ClassifierSettings settings) {
            return new TrainingSet(taxonomy.intents().stream().map(Intent::name).toList(),
                    taxonomy.intents().stream().map(Intent::examples).toList(), taxonomy.calibration(), settings);
        }
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

        List<ValueSignalDetector.Detected> detected = new ArrayList<>(signals.detect(interaction, text));
        // the encoder reads English: a text in another language is unusual to it whatever it says, and its readings
        // of it are weak evidence of anything
        boolean otherLanguage = detected.stream()
                .anyMatch(d -> d.signal().name().equals(ValueSignalDetector.OTHER_LANGUAGE));
        if (!otherLanguage) {
            riskReading(scored).ifPresent(detected::add);
            likePastExceptions(query, scored.similarities()).ifPresent(detected::add);
        }
        boolean novel = scored.novel() && !otherLanguage;
        List<String> reasons = new ArrayList<>();
        reasons.add(intentReason(scored));
        reasons.add(novel
                ? "novel: more unusual than " + percent(scored.novelty()) + " of held-out known examples (score "
                        + round(scored.score()) + " above the threshold " + round(calibration.threshold()) + ")"
                : scored.novel() ? "not judged novel: its novelty score " + round(scored.score()) + " is above the "
                        + "threshold " + round(calibration.threshold()) + ", but the text is not in English"
                : "like known examples: novelty score " + round(scored.score()) + " is below the threshold "
                        + round(calibration.threshold()));
        detected.forEach(d -> reasons.add(d.reason()));
        double valueScore = ValueSignalDetector.valueScore(detected);
        // whether that is high value is the routing policy's to say (its highValueMin), not a threshold of ours
        if (!detected.isEmpty()) {
            reasons.add("value score " + round(valueScore) + " from its value signals");
        }
        ShadowComparison shadow = shadow(interaction.agentDecision(), intent.name(), scored, novel);
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
        if (novel) {
            flags.add(ReasonCode.NOVEL.name());
        }
        if (shadow != null && shadow.blindSpot()) {
            flags.add(ReasonCode.AGENT_BLIND_SPOT.name());
        }
        Map<String, Double> components = new LinkedHashMap<>();
        for (int c = 0; c < IntentModel.COMPONENTS.size(); c++) {
            components.put(IntentModel.COMPONENTS.get(c), round(scored.components()[c]));
        }

        return new InteractionClassified(
                intent.name(),
                round(scored.confidence()),
                round(scored.novelty()),
                novel,
                round(valueScore),
                detected.stream().map(ValueSignalDetector.Detected::signal).toList(),
                intent.agentMayHandle(),
                intent.team(),
                shadow != null && !shadow.agrees(),
                reasons,
                nearest(scored, 3),
                settings.modelVersion(),
                taxonomy.version(),
                interaction,
                flags,
                new NoveltyDetail(round(scored.score()), round(calibration.threshold()), settings.flagRate(), components),
                shadow);
    }

    /**
     * Another reading of the text that is a risk intent with real probability: an incident told as a login problem or
     * a regulator asking in casual words is read as routine, and the misreading costs most there. Nothing when our
     * own reading is a risk intent already (the policy acts on that) or the taxonomy names no risk intents; not
     * asked of a text in another language, whose readings are all weak.
     */
    private Optional<ValueSignalDetector.Detected> riskReading(IntentModel.Scored scored) {
        Taxonomy.RiskReading risk = taxonomy.valueSignals() == null ? null : taxonomy.valueSignals().riskReading();
        if (risk == null || risk.intents().contains(taxonomy.intents().get(scored.intent()).name())) {
            return Optional.empty();
        }
        double[] p = scored.probabilities();
        double mass = 0;
        List<String> readings = new ArrayList<>();
        for (int c = 0; c < p.length; c++) {
            String name = taxonomy.intents().get(c).name();
            if (risk.intents().contains(name)) {
                mass += p[c];
                if (p[c] >= 0.005) {
                    readings.add(name + " " + round(p[c]));
                }
            }
        }
        if (mass < risk.minProbability()) {
            return Optional.empty();
        }
        String evidence = "risk readings " + round(mass) + " (" + String.join(", ", readings) + ")";
        return Optional.of(new ValueSignalDetector.Detected(
                new ValueSignal(ValueSignalDetector.RISK_READING, evidence, 0),
                "it may also be " + String.join(", ", readings) + ": together " + round(mass) + ", at least "
                        + risk.minProbability() + ", so a misreading would cost most here"));
    }

    /**
     * The text reads like past interactions that had to reach a human: of the taxonomy's
     * {@link Taxonomy.Precedents#neighbours} most similar precedents, each weighing e^(similarity / 0.02) as in the
     * intent vote, the ones that had to carry at least {@link Taxonomy.Precedents#minWeight} of the weight. A labelled
     * interaction knows what the intent head cannot: that a text of routine words was not routine. The evidence names
     * the nearest of those exceptions, their similarity, their team and why they had to. Not asked of a text in another
     * language, whose similarities are weak.
     */
    private Optional<ValueSignalDetector.Detected> likePastExceptions(float[] query, double[] exampleSimilarities) {
        Taxonomy.Precedents settings = taxonomy.precedents();
        if (settings == null || precedentVectors.length == 0) {
            return Optional.empty();
        }
        // most precedents are examples too, whose similarity the model computed: one pass over the vectors, not two
        double[] similarities = new double[precedentVectors.length];
        for (int p = 0; p < similarities.length; p++) {
            similarities[p] = precedentExamples[p] >= 0 ? exampleSimilarities[precedentExamples[p]]
                    : DistanceScorer.similarity(precedentVectors[p], query);
        }
        DistanceScorer.Neighbours nearest = DistanceScorer.nearest(similarities, settings.neighbours());
        int k = nearest.index().length;
        int[] index = nearest.index();
        double[] top = nearest.similarity();
        double total = 0;
        double exceptional = 0;
        List<Integer> exceptions = new ArrayList<>();
        for (int n = 0; n < k; n++) {
            double weight = Math.exp((top[n] - top[0]) / IntentModel.NEIGHBOUR_SHARPNESS);
            total += weight;
            if (precedents.get(index[n]).mustReachHuman()) {
                exceptional += weight;
                exceptions.add(n);
            }
        }
        double share = exceptional / total;
        if (share < settings.minWeight()) {
            return Optional.empty();
        }
        List<String> named = new ArrayList<>();
        List<String> described = new ArrayList<>();
        for (int n : exceptions.subList(0, Math.min(2, exceptions.size()))) {
            Taxonomy.Precedent p = precedents.get(index[n]);
            String quoted = "'" + abbreviate(p.text(), 80) + "' " + round(top[n]);
            named.add(quoted);
            described.add(quoted + " (" + p.intent() + (p.team() == null || p.team().isBlank() ? "" : ", " + p.team())
                    + (p.why() == null || p.why().isBlank() ? "" : ": " + p.why().strip()) + ")");
        }
        String evidence = "like past exceptions " + round(share) + " of its " + k + " nearest precedents (nearest "
                + String.join("; ", named) + ")";
        return Optional.of(new ValueSignalDetector.Detected(
                new ValueSignal(ValueSignalDetector.LIKE_PAST_EXCEPTIONS, evidence, 0),
                "reads like past interactions that had to reach a human: they carry " + round(share) + " of the "
                        + "weight of its " + k + " most similar precedents, at least " + settings.minWeight()
                        + "; the nearest of them " + String.join("; ", described)));
    }

    /** The text on one line, cut at about {@code max} characters. */
    static String abbreviate(String text, int max) {
        String line = text.strip().replaceAll("\\s+", " ");
        return line.length() <= max ? line : line.substring(0, max).stripTrailing() + "…";
    }

    /**
     * The agent's decision next to ours. A blind spot is the agent ending the conversation itself (closed, deflected,
     * answered, by its canonical action: resolved is closed) on something we find novel: exactly where an unattended
     * agent loses the customer. The same on something high-value is the routing policy's to find, since what counts
     * as high value is its threshold.
     */
    private ShadowComparison shadow(AgentDecision decision, String intent, IntentModel.Scored scored, boolean novel) {
        if (decision == null) {
            return null;
        }
        boolean hasLabel = decision.label() != null && !decision.label().isBlank();
        String agentIntent = hasLabel ? agentIntent(decision.label()) : null;
        boolean agrees = !hasLabel || intent.equals(agentIntent);
        String action = decision.canonical();
        // the agent's own word too, when it is not the canonical one
        String asSent = decision.action() == null || decision.action().equalsIgnoreCase(action) ? ""
                : " ('" + decision.action() + "')";
        List<String> evidence = new ArrayList<>();
        if (settings.blindSpotActions().contains(action) && novel) {
            evidence.add("agent blind spot: the agent " + action + " it" + asSent + ", but it is novel (more unusual "
                    + "than " + percent(scored.novelty()) + " of known examples)");
        }
        return new ShadowComparison(decision.label(), decision.action(), decision.confidence(), intent,
                round(scored.confidence()), agrees, !evidence.isEmpty(), evidence, agentIntent);
    }

    /** Our intent that the agent's label names, by the intent's name or an agent label the taxonomy gives it. */
    private String agentIntent(String label) {
        String normalized = normalizeLabel(label);
        return taxonomy.intents().stream()
                .filter(i -> normalizeLabel(i.name()).equals(normalized)
                        || i.agentLabels().stream().anyMatch(l -> normalizeLabel(l).equals(normalized)))
                .map(Intent::name).findFirst().orElse(null);
    }

    static String normalizeLabel(String label) {
        return LABEL_SEPARATORS.matcher(label.strip().toLowerCase(Locale.ROOT)).replaceAll("_");
    }

    private String intentReason(IntentModel.Scored scored) {
        double[] p = scored.probabilities();
        int best = scored.intent();
        int second = -1;
        for (int c = 0; c < p.length; c++) {
            if (c != best && (second < 0 || p[c] > p[second])) {
                second = c;
            }
        }
        String reason = taxonomy.intents().get(best).name() + " with confidence " + round(p[best]);
        return second < 0 ? reason
                : reason + ", then " + taxonomy.intents().get(second).name() + " (" + round(p[second]) + ")";
    }

    /** The most similar known examples: the model's nearest training vectors are the taxonomy's examples, in order. */
    private List<NearestExample> nearest(IntentModel.Scored scored, int count) {
        List<NearestExample> nearest = new ArrayList<>(count);
        for (int i = 0; i < Math.min(count, scored.nearest().length); i++) {
            Example example = examples.get(scored.nearest()[i]);
            nearest.add(new NearestExample(example.intent(), example.text(), round(scored.similarity()[i])));
        }
        return nearest;
    }

    private static String percent(double share) {
        return Math.round(share * 100) + "%";
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
