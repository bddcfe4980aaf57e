package dev.exceptionledger.classifier.domain;

import dev.exceptionledger.contracts.ClassifierFeedback;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns reviewers' corrections into new taxonomy versions: a corrected text becomes an example of the intent the
 * reviewer named. An intent the taxonomy does not know yet is added once it has {@link Taxonomy#MIN_EXAMPLES}
 * corrections (fewer cannot be calibrated); until then they wait here.
 */
public final class FeedbackLearner {

    /** The team that owns a new intent when the reviewer named none. */
    static final String DEFAULT_TEAM = "support";

    private final Map<String, Set<String>> waiting = new LinkedHashMap<>();
    private final Map<String, String> waitingTeams = new LinkedHashMap<>();
    private int learned;

    /**
     * @return the next taxonomy version, or empty when the correction changes nothing yet (a redelivery, a
     *         withdrawn correction, or a new intent still short of examples)
     */
    public synchronized Optional<Taxonomy> learn(Taxonomy current, ClassifierFeedback feedback) {
        String intent = feedback.correctIntent();
        String text = feedback.text();
        if (intent == null || intent.isBlank() || text == null || text.isBlank()
                || intent.equals(feedback.previousIntent())) {
            return Optional.empty();
        }
        List<Taxonomy.Intent> intents = new ArrayList<>(current.intents());
        int known = indexOf(intents, intent);
        if (known >= 0) {
            Taxonomy.Intent existing = intents.get(known);
            if (existing.examples().contains(text)) {
                return Optional.empty();
            }
            intents.set(known, withExample(existing, text));
        } else {
            Set<String> examples = waiting.computeIfAbsent(intent, i -> new LinkedHashSet<>());
            examples.add(text);
            waitingTeams.putIfAbsent(intent, feedback.correctTeam() == null ? DEFAULT_TEAM : feedback.correctTeam());
            if (examples.size() < Taxonomy.MIN_EXAMPLES) {
                return Optional.empty();
            }
            intents.add(new Taxonomy.Intent(intent, "learned from reviewers' corrections", waitingTeams.remove(intent),
                    false, List.copyOf(waiting.remove(intent)), List.of()));
        }
        learned++;
        return Optional.of(new Taxonomy(baseVersion(current.version()) + "+learned." + learned, current.description(),
                intents, current.standardChannels(), current.valueSignals(), current.calibration()));
    }

    private static int indexOf(List<Taxonomy.Intent> intents, String name) {
        for (int i = 0; i < intents.size(); i++) {
            if (intents.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private static Taxonomy.Intent withExample(Taxonomy.Intent intent, String text) {
        List<String> examples = new ArrayList<>(intent.examples());
        examples.add(text);
        return new Taxonomy.Intent(intent.name(), intent.description(), intent.team(), intent.agentMayHandle(), examples,
                intent.agentLabels());
    }

    /** Learned versions build on the version a person wrote: name it, not a chain of learned suffixes. */
    private static String baseVersion(String version) {
        int learnedSuffix = version.indexOf("+learned.");
        return learnedSuffix < 0 ? version : version.substring(0, learnedSuffix);
    }
}
