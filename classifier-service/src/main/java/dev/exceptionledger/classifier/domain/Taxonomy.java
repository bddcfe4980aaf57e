package dev.exceptionledger.classifier.domain;

import dev.exceptionledger.contracts.Violation;
import dev.exceptionledger.support.StrictJson;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the classifier knows, as data: the intents with their examples and owning teams, and the vocabulary of
 * the value signals. Versioned, because every classification names the taxonomy it was made with.
 *
 * @param standardChannels the channels customers are expected to use; arrival elsewhere is a value signal
 * @param calibration      held-out texts of real traffic with their intents, never trained on: the confidence's
 *                         temperature and the novelty threshold are calibrated on them, so the flag rate holds on the
 *                         traffic they stand for; when empty, on the examples by cross-fitting
 * @param precedents       past interactions labelled whether they had to reach a human, and the policy signal
 *                         {@code LIKE_PAST_EXCEPTIONS} they give a text like them; null finds none
 */
public record Taxonomy(
        String version,
        String description,
        List<Intent> intents,
        List<String> standardChannels,
        ValueVocabulary valueSignals,
        List<CalibrationText> calibration,
        Precedents precedents) {

    /** A taxonomy without precedents. */
    public Taxonomy(String version, String description, List<Intent> intents, List<String> standardChannels,
                    ValueVocabulary valueSignals, List<CalibrationText> calibration) {
        this(version, description, intents, standardChannels, valueSignals, calibration, null);
    }

    /**
     * @param agentMayHandle routine enough that the customer's AI agent may answer it alone
     * @param agentLabels    the words agents use for this intent (e.g. "pricing" for pricing_question), so that the
     *                       agent's own label can be compared with ours; the intent's name always counts
     */
    public record Intent(String name, String description, String team, boolean agentMayHandle, List<String> examples,
                         List<String> agentLabels) {

        public Intent {
            agentLabels = agentLabels == null ? List.of() : List.copyOf(agentLabels);
        }
    }

    /** The same taxonomy under another version name. */
    public Taxonomy named(String newVersion) {
        return new Taxonomy(newVersion, description, intents, standardChannels, valueSignals, calibration, precedents);
    }

    /** The same taxonomy with other precedents (null for none). */
    public Taxonomy withPrecedents(Precedents newPrecedents) {
        return new Taxonomy(version, description, intents, standardChannels, valueSignals, calibration, newPrecedents);
    }

    /** A held-out text of known intent. */
    public record CalibrationText(String intent, String text) { }

    /**
     * Past interactions, each labelled whether it had to reach a human: an interaction whose most similar precedents
     * are mostly ones that had to carries the policy signal {@code LIKE_PAST_EXCEPTIONS}, with the nearest of them
     * and why they had to as its evidence. The labels are a person's (a labelled development set, a reviewer's
     * verdict), so they know what the words alone cannot show the intent head: a routine-looking text that was not.
     *
     * @param neighbours   how many of the most similar precedents weigh in
     * @param minWeight    the least share of their weight the exceptions among them must carry; each weighs
     *                     e^(similarity / 0.02) as in the intent vote, so the nearest counts most
     * @param interactions the precedents
     */
    public record Precedents(int neighbours, double minWeight, List<Precedent> interactions) {

        public Precedents {
            interactions = interactions == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(interactions));
        }
    }

    /**
     * One past interaction: the text the classifier scores, the intent it was labelled with, whether it had to reach a
     * human, the team that should have had it and the one sentence why.
     */
    public record Precedent(String intent, String text, boolean mustReachHuman, String team, String why) { }

    /**
     * The words and numbers that make an interaction worth more than it looks; weights add up to the value score.
     * A senior title counts only at a company of at least {@code seniorityMinCompanySize} people (or of unknown size):
     * at a company of four everyone is a founder or a director.
     * Policy signals are found the same way but weigh nothing: a risk or a non-commercial sender is not value, and what
     * it calls for is the routing policy's to say.
     *
     * @param smallSenderBelow a contact who names no company, or whose company has fewer people than this, is a small
     *                         sender (policy signal {@code SMALL_SENDER}: a private person, a freelancer, a tiny
     *                         outfit); 0 finds none
     * @param riskReading      when a misreading would cost most: another reading of the text is a risk intent with
     *                         real probability (policy signal {@code RISK_READING}); null finds none
     */
    public record ValueVocabulary(
            List<SeniorityLevel> seniority,
            int seniorityMinCompanySize,
            int smallSenderBelow,
            SeniorityLevel junior,
            List<SizeBand> companySize,
            PhraseSignal buyingSignals,
            PhraseSignal churnSignals,
            double offChannelWeight,
            List<StatedScale> statedScales,
            StatedAmount statedAmount,
            List<PolicySignal> policySignals,
            RiskReading riskReading) {

        public ValueVocabulary {
            seniority = seniority == null ? List.of() : List.copyOf(seniority);
            companySize = companySize == null ? List.of() : List.copyOf(companySize);
            statedScales = statedScales == null ? List.of() : List.copyOf(statedScales);
            policySignals = policySignals == null ? List.of() : List.copyOf(policySignals);
        }
    }

    /**
     * @param titles words or phrases of a job title, e.g. "cfo", "vice president"
     * @param weight what the title adds to the value score; negative for the junior titles (an intern at a large
     *               company asks for the company no more than anyone else does)
     */
    public record SeniorityLevel(String level, double weight, List<String> titles) { }

    public record SizeBand(int atLeast, double weight) { }

    /**
     * The intents whose misreading as something routine costs most (an incident, a regulator, the press read as a
     * how-to), and the least probability the classifier must give them together, beside a reading of its own that is
     * none of them, for the interaction to carry the policy signal {@code RISK_READING}.
     */
    public record RiskReading(List<String> intents, double minProbability) {

        public RiskReading {
            intents = intents == null ? List.of() : List.copyOf(intents);
        }
    }

    /**
     * A scale the message itself states ("1,200 seats", "4,000 staff", "38 locations"), which the contact's company
     * size may not show: a partner writing for a large client, a small subsidiary of a group. People and sites count
     * at different sizes, so a vocabulary has one scale per kind of unit.
     *
     * @param units the words a number must count, e.g. seats, users, employees; up to two words may stand between
     */
    public record StatedScale(int atLeast, double weight, List<String> units) {

        public StatedScale {
            units = units == null ? List.of() : List.copyOf(units);
        }
    }

    /**
     * A sum of money the message states ("USD 420k a year", "£46,200", "a 1.2M budget"), in any currency.
     *
     * @param atLeast the smallest amount that counts, in units of any currency (no conversion: the order of
     *                magnitude is the evidence)
     */
    public record StatedAmount(long atLeast, double weight) { }

    /**
     * Words the routing policy acts on whatever the intent: a legal threat, lost data, an attack in progress (risk
     * whoever writes it), a student's coursework (no account behind it), a public authority as the sender.
     *
     * @param name        the signal's name, e.g. LEGAL_THREAT, as routing policies match it
     * @param phrases     whole words or phrases of the text, lower case
     * @param senderWords whole words or phrases of the contact's company or title, lower case (e.g. "police",
     *                    "ombudsman" for a public authority); who writes can say more than what is written
     */
    public record PolicySignal(String name, List<String> phrases, List<String> senderWords) {

        public PolicySignal {
            phrases = phrases == null ? List.of() : List.copyOf(phrases);
            senderWords = senderWords == null ? List.of() : List.copyOf(senderWords);
        }
    }

    /** @param weightEach per distinct phrase found, up to {@code maxWeight} */
    public record PhraseSignal(double weightEach, double maxWeight, List<String> phrases) {

        public PhraseSignal {
            phrases = phrases == null ? List.of() : List.copyOf(phrases);
        }
    }

    /** Fewest examples per intent: the calibration's 4-fold cross-fitting needs one in every fold, and then some. */
    public static final int MIN_EXAMPLES = 5;

    /** Fewest calibration texts: a 5% threshold from fewer rests on two or three scores. */
    public static final int MIN_CALIBRATION = 50;

    public Taxonomy {
        // not List.copyOf: a null entry must reach violations(), which names it
        intents = intents == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(intents));
        standardChannels = standardChannels == null ? List.of() : List.copyOf(standardChannels);
        calibration = calibration == null ? List.of() : List.copyOf(calibration);
    }

    /** Everything wrong with this taxonomy, each with the field it concerns; empty when it is usable. */
    public List<Violation> violations() {
        List<Violation> found = new ArrayList<>();
        if (version == null || version.isBlank()) {
            found.add(new Violation("version", "required: every classification records it"));
        }
        if (intents.size() < 2) {
            found.add(new Violation("intents", "needs at least 2 intents, has " + intents.size()));
        }
        if (valueSignals == null) {
            found.add(new Violation("valueSignals", "required (may have empty lists)"));
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < intents.size(); i++) {
            Intent intent = intents.get(i);
            String at = "intents[" + i + "]";
            if (intent == null) {
                found.add(new Violation(at, "empty intent"));
                continue;
            }
            if (intent.name() == null || intent.name().isBlank()) {
                found.add(new Violation(at + ".name", "required"));
            } else if (!names.add(intent.name())) {
                found.add(new Violation(at + ".name", "duplicate intent '" + intent.name() + "'"));
            }
            if (intent.team() == null || intent.team().isBlank()) {
                found.add(new Violation(at + ".team", "required: the team that owns " + intent.name()));
            }
            List<String> examples = intent.examples() == null ? List.of()
                    : intent.examples().stream().filter(e -> e != null && !e.isBlank()).distinct().toList();
            if (examples.size() < MIN_EXAMPLES) {
                found.add(new Violation(at + ".examples", "intent '" + intent.name() + "' has " + examples.size()
                        + " distinct non-blank examples, needs at least " + MIN_EXAMPLES));
            }
        }
        for (int i = 0; i < calibration.size(); i++) {
            CalibrationText held = calibration.get(i);
            if (held.text() == null || held.text().isBlank() || !names.contains(held.intent())) {
                found.add(new Violation("calibration[" + i + "]", "needs a text and one of the intents, has '"
                        + held.intent() + "'"));
            }
        }
        RiskReading riskReading = valueSignals == null ? null : valueSignals.riskReading();
        if (riskReading != null) {
            riskReading.intents().stream().filter(name -> !names.contains(name)).forEach(name -> found.add(
                    new Violation("valueSignals.riskReading.intents", "names no intent of this taxonomy: '" + name
                            + "'")));
            if (riskReading.intents().isEmpty() || !(riskReading.minProbability() > 0
                    && riskReading.minProbability() <= 1)) {
                found.add(new Violation("valueSignals.riskReading", "needs intents and a minProbability in (0, 1]"));
            }
        }
        if (precedents != null) {
            if (precedents.neighbours() < 1 || !(precedents.minWeight() > 0 && precedents.minWeight() <= 1)) {
                found.add(new Violation("precedents", "needs neighbours of at least 1 and a minWeight in (0, 1]"));
            }
            if (precedents.interactions().stream().noneMatch(p -> p != null && p.mustReachHuman())) {
                found.add(new Violation("precedents.interactions", "needs at least one that had to reach a human"));
            }
            for (int i = 0; i < precedents.interactions().size(); i++) {
                Precedent p = precedents.interactions().get(i);
                if (p == null || p.text() == null || p.text().isBlank() || !names.contains(p.intent())) {
                    found.add(new Violation("precedents.interactions[" + i + "]", "needs a text and one of the "
                            + "intents, has '" + (p == null ? null : p.intent()) + "'"));
                }
            }
        }
        if (!calibration.isEmpty() && calibration.size() < MIN_CALIBRATION) {
            found.add(new Violation("calibration", "has " + calibration.size() + " texts, needs at least "
                    + MIN_CALIBRATION + " for a threshold at a few percent, or none"));
        }
        return found;
    }

    public Intent intent(String name) {
        return intents.stream().filter(i -> i.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no intent " + name + " in taxonomy " + version));
    }

    /** Whether the text is one of its examples, calibration texts or precedents. */
    public boolean has(String text) {
        return intents.stream().anyMatch(i -> i.examples().contains(text))
                || calibration.stream().anyMatch(c -> c.text().equals(text))
                || precedents != null && precedents.interactions().stream().anyMatch(p -> p.text().equals(text));
    }

    /** Reads a taxonomy file; unknown fields are refused, so a typo cannot silently switch a signal off. */
    public static Taxonomy read(InputStream json) throws IOException {
        Taxonomy taxonomy = StrictJson.mapper().readValue(json, Taxonomy.class);
        List<Violation> violations = taxonomy.violations();
        if (!violations.isEmpty()) {
            throw new IllegalArgumentException("invalid taxonomy: " + violations.stream()
                    .map(v -> v.field() + ": " + v.message()).collect(Collectors.joining("; ")));
        }
        return taxonomy;
    }
}
