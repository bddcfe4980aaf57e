package dev.exceptionledger.classifier.domain;

import dev.exceptionledger.classifier.domain.Taxonomy.PhraseSignal;
import dev.exceptionledger.classifier.domain.Taxonomy.PolicySignal;
import dev.exceptionledger.classifier.domain.Taxonomy.SeniorityLevel;
import dev.exceptionledger.classifier.domain.Taxonomy.SizeBand;
import dev.exceptionledger.classifier.domain.Taxonomy.StatedAmount;
import dev.exceptionledger.classifier.domain.Taxonomy.StatedScale;
import dev.exceptionledger.classifier.domain.Taxonomy.ValueVocabulary;
import dev.exceptionledger.contracts.Contact;
import dev.exceptionledger.contracts.InteractionReceived;
import dev.exceptionledger.contracts.ValueSignal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Finds the reasons an interaction may be worth more than it looks, each with its evidence and a readable reason. */
public final class ValueSignalDetector {

    public static final String SENIOR_ROLE = "SENIOR_ROLE";
    public static final String JUNIOR_ROLE = "JUNIOR_ROLE";
    public static final String LARGE_COMPANY = "LARGE_COMPANY";
    public static final String BUYING_SIGNAL = "BUYING_SIGNAL";
    public static final String CHURN_RISK = "CHURN_RISK";
    public static final String OFF_CHANNEL = "OFF_CHANNEL";
    public static final String STATED_SCALE = "STATED_SCALE";
    public static final String STATED_AMOUNT = "STATED_AMOUNT";
    /** Weighs nothing: the text is in a language the encoder does not read, so its intent and novelty are weak. */
    public static final String OTHER_LANGUAGE = "OTHER_LANGUAGE";
    /** Weighs nothing: a private person or a tiny outfit writes, so an approach of theirs exposes the company little. */
    public static final String SMALL_SENDER = "SMALL_SENDER";

    /**
     * Weighs nothing: the classifier gives a risk intent real probability beside its own, routine reading
     * ({@link Taxonomy.RiskReading}); found by {@link IntentClassifier}, which has the probabilities.
     */
    public static final String RISK_READING = "RISK_READING";

    /**
     * Weighs nothing: the text reads like past interactions that had to reach a human (the taxonomy's
     * {@link Taxonomy.Precedents}); found by {@link IntentClassifier}, which has the vectors.
     */
    public static final String LIKE_PAST_EXCEPTIONS = "LIKE_PAST_EXCEPTIONS";

    /** A signal and the sentence that explains it. */
    public record Detected(ValueSignal signal, String reason) { }

    /** compiled once: words() runs for every phrase of the vocabulary on every classification */
    private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");
    /** what the words before "hundred" or "thousand" multiply it by; "several", "many" and a plural mean at least 2 */
    private static final Map<String, Integer> TIMES = Map.ofEntries(Map.entry("a", 1), Map.entry("one", 1),
            Map.entry("two", 2), Map.entry("three", 3), Map.entry("four", 4), Map.entry("five", 5), Map.entry("six", 6),
            Map.entry("seven", 7), Map.entry("eight", 8), Map.entry("nine", 9), Map.entry("ten", 10),
            Map.entry("eleven", 11), Map.entry("twelve", 12), Map.entry("fifteen", 15), Map.entry("twenty", 20),
            Map.entry("thirty", 30), Map.entry("forty", 40), Map.entry("fifty", 50), Map.entry("a few", 2),
            Map.entry("several", 2), Map.entry("many", 2));
    /**
     * a count as people write it: 1200, 1,200, 1.200, 1 200, 1,000+, 3.5k, 2 thousand, nine hundred, hundreds of
     * (the group names are read by {@link #count})
     */
    private static final String COUNT = "(?:(?<digits>\\d{1,3}(?:[.,\\u00a0\\u202f ]\\d{3})+|\\d+(?:[.,]\\d+)?)"
            + "\\s?(?<multiplier>k|hundred|thousand)?\\b\\+?"
            + "|(?:(?<times>" + String.join("|", TIMES.keySet()).replace(" ", "\\s+") + ")\\s+)?"
            + "(?<word>hundred|thousand)(?<plural>s)?(?:\\s+of)?)";
    /** thousands grouped by a separator, as {@link #COUNT} and {@link #AMOUNT} write them */
    private static final Pattern GROUPED = Pattern.compile("\\d{1,3}(?:[.,\\u00a0\\u202f ]\\d{3})+");
    /** a currency by its sign, code or name */
    private static final String CURRENCY = "(?:[$€£¥₹]"
            + "|\\b(?:usd|eur|gbp|chf|cad|aud|sek|nok|dkk|pln|inr|jpy|dollars?|euros?|pounds?|francs?)\\b)";
    /** an amount: a grouped or decimal number, then perhaps thousands or millions */
    private static final String AMOUNT = "(\\d{1,3}(?:[.,\\u00a0\\u202f ]\\d{3})+|\\d+(?:[.,]\\d+)?)"
            + "\\s?(k|m|mm|mn|bn|mio|million|millions|thousand)?\\b";
    /** a sum of money with its currency before or after it: "$48,200", "USD 420k", "1.2 million euros", "40k€" */
    private static final Pattern MONEY = Pattern.compile("(?<![\\p{L}\\d.,])(?:" + CURRENCY + "\\s?" + AMOUNT + "|"
            + AMOUNT + "\\s?" + CURRENCY + ")", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    /** the word before a phrase that negates it; "t" is what {@link #words} leaves of "don't", "won't", "isn't" */
    private static final Set<String> NEGATIONS = Set.of("not", "no", "never", "t", "dont", "wont", "nicht", "kein",
            "keine", "pas", "non", "niet", "nie", "nunca");
    /** how people say a title is their own, or their company's: "I'm the CIO", "as CFO", "our director of finance" */
    private static final List<String> STATED_ROLE = List.of(" i m the", " i am the", " i m", " i am", " as the", " as",
            " our");

    private final ValueVocabulary vocabulary;
    private final List<String> standardChannels;
    /** every phrase and title of the vocabulary as {@link #words}, computed once rather than on every check */
    private final Map<String, String> phraseWords = new HashMap<>();
    /** per stated scale: a number, up to two words, then one of its units */
    private final Map<StatedScale, Pattern> statedScales = new LinkedHashMap<>();

    public ValueSignalDetector(Taxonomy taxonomy) {
        this.vocabulary = taxonomy.valueSignals();
        this.standardChannels = taxonomy.standardChannels();
        Stream.concat(Stream.of(vocabulary.buyingSignals(), vocabulary.churnSignals()).filter(Objects::nonNull)
                        .flatMap(signal -> signal.phrases().stream()),
                vocabulary.policySignals().stream().flatMap(signal -> Stream.concat(signal.phrases().stream(),
                        signal.senderWords().stream())))
                .forEach(phrase -> phraseWords.put(phrase, words(phrase)));
        Stream.concat(vocabulary.seniority().stream(), Stream.ofNullable(vocabulary.junior()))
                .flatMap(level -> level.titles().stream())
                .forEach(title -> phraseWords.put(title, words(title)));
        vocabulary.statedScales().stream().filter(scale -> !scale.units().isEmpty()).forEach(scale ->
                statedScales.put(scale, Pattern.compile("(?<![\\p{L}\\d.,])" + COUNT + "\\s*(?:[\\p{L}-]+\\s+){0,2}?(?:"
                        + scale.units().stream().map(Pattern::quote).collect(Collectors.joining("|")) + ")\\b",
                        Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE)));
    }

    public List<Detected> detect(InteractionReceived interaction, String scoredText) {
        List<Detected> found = new ArrayList<>();
        Contact contact = interaction.contact();
        String words = words(scoredText);
        String title = contact == null ? null : contact.title();
        Integer size = contact == null ? null : contact.companySize();
        boolean titlesMeanSeniority = size == null || size >= vocabulary.seniorityMinCompanySize();
        (titlesMeanSeniority ? seniority(title).or(() -> statedRole(words)) : Optional.<Detected>empty())
                .or(() -> junior(title)).ifPresent(found::add);
        if (contact != null) {
            companySize(contact.companySize()).ifPresent(found::add);
        }
        smallSender(contact).ifPresent(found::add);
        phrases(BUYING_SIGNAL, vocabulary.buyingSignals(), words).ifPresent(found::add);
        phrases(CHURN_RISK, vocabulary.churnSignals(), words).ifPresent(found::add);
        statedScale(scoredText).ifPresent(found::add);
        statedAmount(scoredText).ifPresent(found::add);
        offChannel(interaction.channel()).ifPresent(found::add);
        String sender = contact == null ? " " : words(Stream.of(contact.company(), contact.title())
                .filter(Objects::nonNull).collect(Collectors.joining(" ")));
        vocabulary.policySignals().forEach(signal -> policySignal(signal, words, sender).ifPresent(found::add));
        Language.notEnglish(words).ifPresent(language -> found.add(new Detected(new ValueSignal(OTHER_LANGUAGE,
                "language=" + language.language() + " (" + String.join(", ", language.words()) + ")", 0),
                "written in " + language.language() + ": the encoder reads English, so intent and novelty are weak")));
        return found;
    }

    /** The sum of the signals' weights, between 0 and 1. */
    public static double valueScore(List<Detected> signals) {
        return Math.max(0, Math.min(1.0, signals.stream().mapToDouble(d -> d.signal().weight()).sum()));
    }

    private Optional<Detected> seniority(String title) {
        if (title == null || title.isBlank()) {
            return Optional.empty();
        }
        String words = words(title);
        return vocabulary.seniority().stream()
                .filter(level -> level.titles().stream().anyMatch(t -> contains(words, t)))
                .max(Comparator.comparingDouble(SeniorityLevel::weight))
                .map(level -> new Detected(new ValueSignal(SENIOR_ROLE, "title=" + title.strip(), level.weight()),
                        "title '" + title.strip() + "' is " + level.level()));
    }

    private Optional<Detected> junior(String title) {
        SeniorityLevel junior = vocabulary.junior();
        if (junior == null || title == null || title.isBlank()) {
            return Optional.empty();
        }
        String words = words(title);
        return junior.titles().stream().anyMatch(t -> contains(words, t))
                ? Optional.of(new Detected(new ValueSignal(JUNIOR_ROLE, "title=" + title.strip(), junior.weight()),
                        "title '" + title.strip() + "' is " + junior.level()))
                : Optional.empty();
    }

    /** A senior title the text gives its writer or the writer's company, when the contact's own title shows none. */
    private Optional<Detected> statedRole(String words) {
        for (SeniorityLevel level : vocabulary.seniority().stream()
                .sorted(Comparator.comparingDouble(SeniorityLevel::weight).reversed()).toList()) {
            for (String title : level.titles()) {
                for (String stated : STATED_ROLE) {
                    if (words.contains(stated + phraseWords.get(title))) {
                        String evidence = (stated + " " + title).strip();
                        return Optional.of(new Detected(new ValueSignal(SENIOR_ROLE, "text: " + evidence,
                                level.weight()), "the text says '" + evidence + "': " + level.level()));
                    }
                }
            }
        }
        return Optional.empty();
    }

    private Optional<Detected> companySize(Integer size) {
        if (size == null) {
            return Optional.empty();
        }
        return vocabulary.companySize().stream()
                .filter(band -> size >= band.atLeast())
                .max(Comparator.comparingInt(SizeBand::atLeast))
                .map(band -> new Detected(new ValueSignal(LARGE_COMPANY, "companySize=" + size, band.weight()),
                        "company of " + size + " people (at least " + band.atLeast() + ")"));
    }

    private Optional<Detected> phrases(String name, PhraseSignal signal, String words) {
        if (signal == null) {
            return Optional.empty();
        }
        List<String> matched = signal.phrases().stream().filter(p -> contains(words, p)).distinct().toList();
        if (matched.isEmpty()) {
            return Optional.empty();
        }
        double weight = Math.min(signal.maxWeight(), signal.weightEach() * matched.size());
        String quoted = matched.stream().map(p -> "'" + p + "'").collect(Collectors.joining(", "));
        String what = name.equals(CHURN_RISK) ? "churn risk: mentions " : "mentions ";
        return Optional.of(new Detected(new ValueSignal(name, String.join(", ", matched), weight), what + quoted));
    }

    /** The first scale whose units the text states at or above its minimum, e.g. "1,200 seats" or "11 hospitals". */
    private Optional<Detected> statedScale(String text) {
        for (Map.Entry<StatedScale, Pattern> entry : statedScales.entrySet()) {
            StatedScale scale = entry.getKey();
            long largest = 0;
            String evidence = null;
            Matcher m = entry.getValue().matcher(text);
            while (m.find()) {
                long number = count(m);
                if (number >= scale.atLeast() && number > largest) {
                    largest = number;
                    evidence = m.group().strip();
                }
            }
            if (evidence != null) {
                return Optional.of(new Detected(new ValueSignal(STATED_SCALE, evidence, scale.weight()),
                        "states a scale of " + evidence + " (at least " + scale.atLeast() + ")"));
            }
        }
        return Optional.empty();
    }

    /** The largest sum of money the text states at or above the vocabulary's minimum, e.g. "USD 420k". */
    private Optional<Detected> statedAmount(String text) {
        StatedAmount stated = vocabulary.statedAmount();
        if (stated == null) {
            return Optional.empty();
        }
        double largest = 0;
        String evidence = null;
        Matcher m = MONEY.matcher(text);
        while (m.find()) {
            boolean currencyFirst = m.group(1) != null;
            double amount = amount(currencyFirst ? m.group(1) : m.group(3), currencyFirst ? m.group(2) : m.group(4));
            if (amount >= stated.atLeast() && amount > largest) {
                largest = amount;
                evidence = m.group().strip();
            }
        }
        return evidence == null ? Optional.empty() : Optional.of(new Detected(
                new ValueSignal(STATED_AMOUNT, evidence, stated.weight()),
                "states a sum of " + evidence + " (at least " + stated.atLeast() + ")"));
    }

    /** The count a {@link #COUNT} matched: "1,200" → 1200, "3.5k" → 3500, "nine hundred" → 900, "hundreds" → 200. */
    private static long count(Matcher m) {
        if (m.group("digits") != null) {
            return Math.round(amount(m.group("digits"), m.group("multiplier")));
        }
        String times = m.group("times");
        int by = times != null ? TIMES.get(times.toLowerCase(Locale.ROOT).replaceAll("\\s+", " "))
                : m.group("plural") != null ? 2 : 1;
        return by * ("thousand".equalsIgnoreCase(m.group("word")) ? 1_000L : 100L);
    }

    /** "46,200" → 46200, "1.5" with "m" → 1500000, "420" with "k" → 420000, "9" with "hundred" → 900. */
    static double amount(String number, String multiplier) {
        double value = GROUPED.matcher(number).matches() ? Long.parseLong(number.replaceAll("\\D", ""))
                : Double.parseDouble(number.replace(',', '.'));
        String unit = multiplier == null ? "" : multiplier.toLowerCase(Locale.ROOT);
        return switch (unit) {
            case "hundred" -> value * 100;
            case "k", "thousand" -> value * 1_000;
            case "m", "mm", "mn", "mio", "million", "millions" -> value * 1_000_000;
            case "bn" -> value * 1_000_000_000;
            default -> value;
        };
    }

    /** The signal's phrases the text uses, else its sender words the contact's company or title uses. */
    private Optional<Detected> policySignal(PolicySignal signal, String words, String sender) {
        List<String> matched = signal.phrases().stream().filter(p -> affirmed(words, p)).distinct().toList();
        if (!matched.isEmpty()) {
            String quoted = matched.stream().map(p -> "'" + p + "'").collect(Collectors.joining(", "));
            return Optional.of(new Detected(new ValueSignal(signal.name(), String.join(", ", matched), 0),
                    signal.name() + ": mentions " + quoted));
        }
        List<String> named = signal.senderWords().stream().filter(p -> contains(sender, p)).distinct().toList();
        if (named.isEmpty()) {
            return Optional.empty();
        }
        String quoted = named.stream().map(p -> "'" + p + "'").collect(Collectors.joining(", "));
        return Optional.of(new Detected(new ValueSignal(signal.name(), "sender: " + String.join(", ", named), 0),
                signal.name() + ": the sender's company or title says " + quoted));
    }

    /** No company named, or one smaller than the vocabulary's {@code smallSenderBelow}: weighs nothing. */
    private Optional<Detected> smallSender(Contact contact) {
        int below = vocabulary.smallSenderBelow();
        if (below <= 0 || contact == null) {
            return Optional.empty();
        }
        Integer size = contact.companySize();
        if (size != null) {
            return size < below ? Optional.of(new Detected(new ValueSignal(SMALL_SENDER, "companySize=" + size, 0),
                    "a company of " + size + " people (fewer than " + below + ")")) : Optional.empty();
        }
        return contact.company() == null || contact.company().isBlank()
                ? Optional.of(new Detected(new ValueSignal(SMALL_SENDER, "no company", 0),
                        "the contact names no company: a private person or a freelancer"))
                : Optional.empty();
    }

    private Optional<Detected> offChannel(String channel) {
        if (channel == null || channel.isBlank() || standardChannels.contains(channel)) {
            return Optional.empty();
        }
        return Optional.of(new Detected(new ValueSignal(OFF_CHANNEL, "channel=" + channel, vocabulary.offChannelWeight()),
                "arrived by " + channel + ", not a standard channel (" + String.join(", ", standardChannels) + ")"));
    }

    /** Lower case, every run of non-letters and non-digits one space, padded: "Co-Founder/CEO" → " co founder ceo ". */
    static String words(String text) {
        return " " + NON_WORD.matcher(text.toLowerCase(Locale.ROOT)).replaceAll(" ").strip() + " ";
    }

    /**
     * Found, and not right after a negation: "I'm not suing anyone", "no lawsuit", "je ne vais pas porter plainte" say
     * the opposite of the phrase; "we'd rather not go to court" still finds "to court" (the word just before only).
     */
    private boolean affirmed(String words, String phrase) {
        String found = phraseWords.get(phrase);
        for (int at = words.indexOf(found); at >= 0; at = words.indexOf(found, at + 1)) {
            String before = words.substring(0, at).strip();
            if (!NEGATIONS.contains(before.substring(before.lastIndexOf(' ') + 1))) {
                return true;
            }
        }
        return false;
    }

    /** Whole words only: "sap" is found in "our SAP system", not in "asap". */
    private boolean contains(String words, String phrase) {
        return words.contains(phraseWords.get(phrase));
    }
}
