package dev.exceptionledger.classifier.domain;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a text is written in a language other than English, told by its function words. The encoder reads English:
 * on other languages its intent and novelty are weak evidence (a routine question in Spanish looks like nothing it
 * knows), and the routing policy can say so. Conservative by design: a short or mixed text counts as English.
 */
public final class Language {
    private Language() { }

    /** Frequent words of each language that English texts do not use (no "a", "in", "die", "est", "non", …). */
    private static final Map<String, Set<String>> FUNCTION_WORDS = new LinkedHashMap<>();

    static {
        FUNCTION_WORDS.put("English", Set.of("the", "and", "to", "of", "is", "for", "you", "we", "our", "your", "it",
                "that", "this", "with", "are", "be", "have", "can", "my", "do", "not", "on", "in", "from", "please"));
        FUNCTION_WORDS.put("French", Set.of("le", "les", "des", "et", "une", "pour", "nous", "vous", "votre", "notre",
                "avec", "sur", "pas", "que", "qui", "dans", "du", "je", "bonjour", "merci", "mes", "nos", "vos"));
        FUNCTION_WORDS.put("German", Set.of("der", "das", "und", "ist", "nicht", "wir", "sie", "ein", "eine", "ich",
                "für", "auf", "zu", "dem", "im", "unser", "unsere", "bitte", "hallo", "danke", "können", "wie",
                "ihr", "ihre", "uns", "den", "des", "einen", "einer", "mit", "von", "bei", "unter", "statt", "oder",
                "aber", "auch", "noch", "sind", "haben", "wird", "werden", "kann", "nach", "über", "zum", "zur"));
        FUNCTION_WORDS.put("Spanish", Set.of("el", "los", "las", "una", "para", "nosotros", "usted", "su", "con",
                "por", "que", "hola", "gracias", "somos", "tiene", "pueden", "puedo", "nuestra", "nuestro"));
        FUNCTION_WORDS.put("Italian", Set.of("il", "gli", "della", "che", "di", "siamo", "vorrei", "grazie",
                "buongiorno", "nostro", "nostra", "questo", "anche", "abbiamo", "sono"));
        FUNCTION_WORDS.put("Dutch", Set.of("het", "een", "en", "voor", "wij", "uw", "onze", "niet", "dat",
                "zijn", "ik", "naar", "ons", "hoi", "bedankt", "graag", "kunnen", "wordt"));
        FUNCTION_WORDS.put("Portuguese", Set.of("uma", "para", "nós", "você", "vocês", "com", "não", "da", "na",
                "obrigado", "olá", "temos", "nossa", "nosso", "estamos"));
        FUNCTION_WORDS.put("Polish", Set.of("się", "nie", "jest", "że", "dla", "jak", "czy", "mamy", "prosimy", "proszę",
                "dzień", "dobry", "od", "na", "oraz", "jesteśmy"));
    }

    /** Words of other languages it takes, and how many more of them than English ones, before a text is not English. */
    private static final int MIN_FOREIGN = 3;
    private static final int FOREIGN_OVER_ENGLISH = 2;

    /** What tells a text's language: the language and the function words of it that the text uses. */
    public record Evidence(String language, List<String> words) { }

    /**
     * @param words the text as {@link ValueSignalDetector#words}: lower case, single spaces, padded
     * @return the language it is written in, unless that is English or not clear
     */
    public static Optional<Evidence> notEnglish(String words) {
        List<String> tokens = List.of(words.strip().split(" "));
        long english = tokens.stream().filter(FUNCTION_WORDS.get("English")::contains).count();
        Map<String, List<String>> found = new LinkedHashMap<>();
        FUNCTION_WORDS.forEach((language, vocabulary) -> {
            if (!language.equals("English")) {
                found.put(language, tokens.stream().filter(vocabulary::contains).toList());
            }
        });
        long foreign = tokens.stream().filter(token -> !FUNCTION_WORDS.get("English").contains(token)
                && found.values().stream().anyMatch(list -> list.contains(token))).count();
        if (foreign < MIN_FOREIGN || foreign < FOREIGN_OVER_ENGLISH * english) {
            return Optional.empty();
        }
        return found.entrySet().stream().max(Comparator.comparingInt(e -> e.getValue().size()))
                .map(e -> new Evidence(e.getKey(), e.getValue().stream().distinct().limit(4).toList()));
    }
}
