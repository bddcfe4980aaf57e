package dev.exceptionledger.classifier.domain;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LanguageTest {

    private static Optional<Language.Evidence> of(String text) {
        return Language.notEnglish(ValueSignalDetector.words(text));
    }

    @Test
    void tellsTextsInOtherLanguagesByTheirFunctionWords() {
        assertEquals("French", of("Bonjour, je ne reçois pas le code de vérification par SMS.").orElseThrow().language());
        assertEquals("German", of("Hallo, wir wollen zum Jahresende kündigen, das Team-Paket ist für uns zu groß.")
                .orElseThrow().language());
        assertEquals("Spanish", of("Hola, ¿pueden emitir la factura a nombre de nuestra empresa con el NIF?")
                .orElseThrow().language());
        assertEquals("Polish", of("Dzień dobry, proszę o anulowanie subskrypcji od przyszłego miesiąca.")
                .orElseThrow().language());
        assertEquals("German", of("Tippfehler in der deutschen Oberfläche: unter Profil steht 'Enstellungen' statt "
                + "'Einstellungen'.").orElseThrow().language(), "prepositions count as well as articles");
        assertEquals(4, of("Goedemiddag, wij zijn een zorggroep met 38 locaties en willen graag een offerte.")
                .orElseThrow().words().size(), "at most four words of evidence");
    }

    @Test
    void takesEnglishShortAndMixedTextsForEnglish() {
        assertTrue(of("Does your platform integrate with our ERP? We run SAP for finance.").isEmpty());
        // words other languages use that English texts use too: a name, an OS, a CI pipeline, "de" in a surname
        assertTrue(of("Our CI on Mac OS fails since the update; Jean de la Fontaine from IT says the API is down")
                .isEmpty());
        assertTrue(of("Preguntas para un trabajo de clase. Hello, I'm a journalism student and I have a few questions "
                + "about your company for my course").isEmpty(), "a subject in Spanish, the message in English");
        assertTrue(of("Tippfehler").isEmpty(), "too short to tell");
    }
}
