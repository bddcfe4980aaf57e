package dev.exceptionledger.classifier.domain;

import dev.exceptionledger.classifier.domain.Taxonomy.PolicySignal;
import dev.exceptionledger.classifier.domain.Taxonomy.ValueVocabulary;
import dev.exceptionledger.classifier.domain.ValueSignalDetector.Detected;
import dev.exceptionledger.contracts.Contact;
import dev.exceptionledger.contracts.InteractionReceived;
import dev.exceptionledger.contracts.ValueSignal;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ValueSignalDetectorTest {

    private static final ValueSignalDetector SHIPPED = new ValueSignalDetector(Taxonomies.shipped());

    private final ValueSignalDetector detector = new ValueSignalDetector(Taxonomies.of(
            Taxonomies.intent("any", true, "anything")));

    private static InteractionReceived received(Contact contact, String text) {
        return new InteractionReceived("chat", null, text, contact, null, null, null, null, null);
    }

    /** The names of the signals the shipped vocabulary finds in the text from this sender. */
    private static List<String> shippedSignals(Contact sender, String text) {
        return SHIPPED.detect(received(sender, text), text).stream()
                .map(d -> d.signal().name()).toList();
    }

    /** The shipped vocabulary finds the signal in each text from this sender. */
    private static void assertEachFinds(String signal, Contact sender, List<String> texts) {
        for (String text : texts) {
            assertThat(text, shippedSignals(sender, text), hasItem(signal));
        }
    }

    /** The shipped vocabulary finds the signal in none of the texts from this sender. */
    private static void assertNoneFinds(String signal, Contact sender, List<String> texts) {
        for (String text : texts) {
            assertThat(text, shippedSignals(sender, text), not(hasItem(signal)));
        }
    }

    /** The test vocabulary with another small-sender size and other policy signals. */
    private static Taxonomy withVocabulary(int smallSenderBelow, PolicySignal... policySignals) {
        ValueVocabulary v = Taxonomies.VOCABULARY;
        ValueVocabulary changed = new ValueVocabulary(v.seniority(), v.seniorityMinCompanySize(), smallSenderBelow,
                v.junior(), v.companySize(), v.buyingSignals(), v.churnSignals(), v.offChannelWeight(),
                v.statedScales(), v.statedAmount(), List.of(policySignals), v.riskReading());
        return new Taxonomy("test-1", "for tests", List.of(Taxonomies.intent("any", true, "anything")),
                List.of("web_form", "chat"), changed, List.of());
    }

    private List<Detected> detect(String channel, Contact contact, String text) {
        return detector.detect(new InteractionReceived(channel, null, text, contact, null, null, null, null, null), text);
    }

    @Test
    void findsTheSeedCaseSignalsWithEvidence() {
        List<Detected> found = detect("email", new Contact("Dana", null, "CFO", "Acme", 800),
                "Does your product integrate with our ERP? We run NetSuite.");

        assertThat(found.stream().map(Detected::signal).toList(), contains(
                new ValueSignal("SENIOR_ROLE", "title=CFO", 0.35),
                new ValueSignal("LARGE_COMPANY", "companySize=800", 0.25),
                new ValueSignal("BUYING_SIGNAL", "erp, netsuite", 0.3),
                new ValueSignal("OFF_CHANNEL", "channel=email", 0.1)));
        assertThat(found.stream().map(Detected::reason).toList(), contains(
                "title 'CFO' is C-level",
                "company of 800 people (at least 500)",
                "mentions 'erp', 'netsuite'",
                "arrived by email, not a standard channel (web_form, chat)"));
        assertEquals(1.0, ValueSignalDetector.valueScore(found));
    }

    @Test
    void saysWhenTheTextIsNotInEnglishWeighingNothing() {
        List<Detected> found = detect("chat", null, "Buongiorno, vorrei disdire il rinnovo annuale. Siamo in 4.");

        assertThat(found.stream().map(Detected::signal).toList(), contains(
                new ValueSignal("OTHER_LANGUAGE", "language=Italian (buongiorno, vorrei, il, siamo)", 0)));
        assertThat(found.get(0).reason(), org.hamcrest.Matchers.is(
                "written in Italian: the encoder reads English, so intent and novelty are weak"));
    }

    @Test
    void takesTheHighestMatchingSeniorityAndSizeBand() {
        assertThat(detect("web_form", new Contact(null, null, "Vice President, Finance", null, 12000), "hello")
                        .stream().map(Detected::signal).toList(),
                contains(new ValueSignal("SENIOR_ROLE", "title=Vice President, Finance", 0.3),
                        new ValueSignal("LARGE_COMPANY", "companySize=12000", 0.35)));
        assertThat(detect("web_form", new Contact(null, null, "Director of IT / Chief Architect", null, null), "hello")
                .get(0).signal().weight(), org.hamcrest.Matchers.is(0.35));
    }

    @Test
    void findsTheLargestScaleTheMessageStates() {
        List<Detected> found = detect("chat", new Contact(null, null, "Alliance Manager", null, 60),
                "Our client (1,200 seats via us) wants 40 more users, maybe 2.500 employees later; ignore v3.100 users");

        assertThat(found.stream().map(Detected::signal).toList(),
                contains(new ValueSignal("STATED_SCALE", "2.500 employees", 0.35)));
        assertThat(found.get(0).reason(), org.hamcrest.Matchers.is("states a scale of 2.500 employees (at least 100)"));
        assertThat(detect("chat", null, "we are 40 users and 99 seats, about 300 contacts"), empty());
        assertThat(detect("chat", null, "we have 450 seats in sales").get(0).signal().evidence(),
                org.hamcrest.Matchers.is("450 seats"));
    }

    @Test
    void readsCountsWrittenWithThousandsOrInWords() {
        assertThat(detect("chat", null, "so ~3.5k users, give or take").get(0).signal().evidence(),
                org.hamcrest.Matchers.is("3.5k users"));
        assertThat(detect("chat", null, "about nine hundred field employees on mobile").get(0).signal().evidence(),
                org.hamcrest.Matchers.is("nine hundred field employees"));
        assertThat(detect("chat", null, "hundreds of users will log in").get(0).signal().evidence(),
                org.hamcrest.Matchers.is("hundreds of users"));
        assertThat(detect("chat", null, "2 thousand seats next year").get(0).signal().evidence(),
                org.hamcrest.Matchers.is("2 thousand seats"));
        assertThat(detect("chat", null, "ninety users, a hundred-percent sure, 0.09k seats"), empty());
    }

    @Test
    void sitesCountAtTheirOwnScale() {
        assertThat(detect("chat", null, "I'm the CFO, we're 11 hospitals and 90 users").stream().map(Detected::signal)
                .toList(), contains(new ValueSignal("SENIOR_ROLE", "text: i m the cfo", 0.35),
                        new ValueSignal("STATED_SCALE", "11 hospitals", 0.35)));
        assertThat(detect("chat", null, "we have 9 stores"), empty());
    }

    @Test
    void findsTheLargestSumOfMoneyInAnyCurrency() {
        List<Detected> found = detect("chat", null,
                "Invoices for our subscription (~USD 420k/yr) were charged twice (£46,200 each); the fee is $38 per user");

        assertThat(found.stream().map(Detected::signal).toList(),
                contains(new ValueSignal("STATED_AMOUNT", "USD 420k", 0.35)));
        assertThat(found.get(0).reason(), org.hamcrest.Matchers.is("states a sum of USD 420k (at least 20000)"));
        assertThat(detect("chat", null, "a budget of 1.2 million euros").get(0).signal().evidence(),
                org.hamcrest.Matchers.is("1.2 million euros"));
        assertThat(detect("chat", null, "the invoice of €12.500 and 19,999 USD"), empty());
        assertEquals(1_500_000, ValueSignalDetector.amount("1,5", "M"));
    }

    @Test
    void aTitleTheTextGivesCountsWhenTheContactHasNone() {
        assertThat(detect("chat", new Contact(null, null, "Operations", null, null),
                        "our director of finance needs the refund").get(0).signal(),
                org.hamcrest.Matchers.is(new ValueSignal("SENIOR_ROLE", "text: our director", 0.2)));
        assertThat(detect("chat", new Contact(null, null, "CFO", null, null), "our director agrees").get(0).signal(),
                org.hamcrest.Matchers.is(new ValueSignal("SENIOR_ROLE", "title=CFO", 0.35)));
        assertThat(detect("chat", null, "the director said so"), empty());
    }

    @Test
    void atATinyCompanyATitleIsNoSeniority() {
        assertThat(detect("chat", new Contact(null, null, "CEO & Co-founder", null, 8), "I'm the CFO too"), empty());
        assertThat(detect("chat", new Contact(null, null, "CEO", null, 20), "hello").get(0).signal(),
                org.hamcrest.Matchers.is(new ValueSignal("SENIOR_ROLE", "title=CEO", 0.35)));
    }

    @Test
    void aJuniorTitleLowersTheValueButNeverBelowZero() {
        List<Detected> found = detect("chat", new Contact(null, null, "Marketing Intern", null, 9000), "hello");

        assertThat(found.stream().map(Detected::signal).toList(), contains(
                new ValueSignal("JUNIOR_ROLE", "title=Marketing Intern", -0.2),
                new ValueSignal("LARGE_COMPANY", "companySize=9000", 0.35)));
        assertEquals(0.15, ValueSignalDetector.valueScore(found), 1e-9);
        assertEquals(0, ValueSignalDetector.valueScore(detect("chat",
                new Contact(null, null, "Trainee", null, null), "hello")));
    }

    @Test
    void policySignalsWeighNothing() {
        List<Detected> found = detect("chat", null,
                "I've spoken to my solicitor; the sync deleted everything and 3,000 records were deleted");

        assertThat(found.stream().map(Detected::signal).toList(), contains(
                new ValueSignal("LEGAL_THREAT", "solicitor", 0),
                new ValueSignal("DATA_LOSS", "deleted", 0)));
        assertThat(found.get(0).reason(), org.hamcrest.Matchers.is("LEGAL_THREAT: mentions 'solicitor'"));
        assertEquals(0, ValueSignalDetector.valueScore(found));
    }

    @Test
    void aPhraseRightAfterANegationIsNoSignal() {
        assertThat(detect("chat", null, "Not deleted, just hidden by a filter; no solicitor needed"), empty());
        assertThat(detect("chat", null, "The rows weren't deleted. Our solicitor isn't involved either.").stream()
                .map(Detected::signal).toList(), contains(new ValueSignal("LEGAL_THREAT", "solicitor", 0)));
    }

    @Test
    void aPolicySignalMayBeFoundInTheSendersCompanyOrTitle() {
        ValueSignalDetector authority = new ValueSignalDetector(withVocabulary(0, new PolicySignal("PUBLIC_AUTHORITY",
                List.of(), List.of("police", "data protection", "detective"))));

        List<Detected> found = authority.detect(received(new Contact(null, null, "Detective Constable",
                "Regional Police Service", null), "quick q, how long do you keep login logs?"), "hello");
        assertThat(found.stream().map(Detected::signal).toList(), contains(
                new ValueSignal("PUBLIC_AUTHORITY", "sender: police, detective", 0)));
        assertEquals("PUBLIC_AUTHORITY: the sender's company or title says 'police', 'detective'",
                found.get(0).reason());
        assertThat(authority.detect(received(new Contact(null, null, "IT lead", "Policestra Ltd", 40), "hi"),
                "our data protection officer asks"), empty());
    }

    @Test
    void aContactWithoutACompanyOrWithATinyOneIsASmallSender() {
        ValueSignalDetector small = new ValueSignalDetector(withVocabulary(20));

        assertThat(small.detect(received(new Contact("Ravi", "r@example.com", null, "", null), "hi"), "hi")
                .stream().map(Detected::signal).toList(), contains(new ValueSignal("SMALL_SENDER", "no company", 0)));
        assertEquals("a company of 3 people (fewer than 20)", small.detect(received(
                new Contact(null, null, "Presenter", "Local Radio", 3), "hi"), "hi").get(0).reason());
        assertThat(small.detect(received(new Contact(null, null, null, "Fund", 20), "hi"), "hi"), empty());
        assertThat(small.detect(received(new Contact(null, null, null, "Fund", null), "hi"), "hi"), empty());
        assertThat(small.detect(received(null, "hi"), "hi"), empty());
    }

    @Test
    void matchesWholeWordsOnly() {
        List<Detected> found = detect("chat", new Contact(null, null, "Directory administrator", null, 499),
                "Please reply asap about the erpnext sapling cancellation-free plan");

        assertThat(found, empty());
    }

    @Test
    void capsPhraseWeightsAndTheValueScore() {
        List<Detected> found = detect("chat", null,
                "We will cancel and switch to a competitor unless SAP, ERP, NetSuite, SOC 2 and a security review are covered");

        assertThat(found.stream().map(d -> d.signal().name() + "=" + d.signal().weight()).toList(),
                contains("BUYING_SIGNAL=0.4", "CHURN_RISK=0.4"));
        assertEquals("churn risk: mentions 'cancel', 'switch to', 'competitor'", found.get(1).reason());
        assertEquals(0.8, ValueSignalDetector.valueScore(found), 1e-9);
    }

    @Test
    void aStandardChannelOrAMissingContactIsNoSignal() {
        assertThat(detect("web_form", null, "How do I reset my password?"), empty());
        assertThat(detect(null, new Contact(null, null, null, null, null), "How do I reset my password?"), empty());
    }

    @Test
    void theShippedVocabularyTakesASmallSendersLegalThreatForOneButNotTheirVenting() {
        Contact soleTrader = new Contact("Ana", null, "Owner", "Ana Ceramics", 1);
        List<String> threats = List.of(
                "You took £600 without a reminder. I consider that unlawful and will take legal steps.",
                "If this isn't fixed by Friday I'll sue.",
                "Third request to delete my data. Next I'm lodging a complaint with the ICO.",
                "Wenn Sie nicht zahlen, reiche ich Klage ein.",
                "Sin respuesta, emprenderé acciones legales.",
                "We'd rather not involve our solicitors, so please refund the three months.",
                "Refund me or I file a lawsuit.",
                "We have been sued by a client because your sync emailed their patients.");
        assertEachFinds("LEGAL_THREAT", soleTrader, threats);
        List<String> venting = List.of(
                "This is unacceptable. I'll tell everyone I know to avoid you.",
                "Worst support ever, a total scam, I'm furious.",
                "Sue from our office will send the form.",
                "Third time the export times out. I'm not suing anyone, I just want my CSV.",
                "Honestly this is lawsuit-level annoying: the date picker resets every time.",
                "is it even legal to record calls with your dialer? someone said I could get sued");
        assertNoneFinds("LEGAL_THREAT", soleTrader, venting);
    }

    @Test
    void theShippedVocabularyFindsAnIntrusionADeletionAnAuthorityAndChurnInTheLanguagesTheEncoderCannotRead() {
        Contact owner = new Contact("Ana", null, "Owner", "Ana Ceramics", 12);
        Map<String, String> incidents = Map.of(
                "Unser Konto wurde gestern gehackt, was sollen wir tun?", "SECURITY_THREAT",
                "Nous avons constaté une fuite de données dans nos exports.", "SECURITY_THREAT",
                "Alle contactpersonen zijn verwijderd na de update van vannacht.", "DATA_LOSS",
                "Todos os contratos foram apagados ontem à noite.", "DATA_LOSS",
                "Beim nächsten Mal wende ich mich an die Datenschutzbehörde.", "LEGAL_THREAT",
                "Nous souhaitons résilier le contrat à son terme.", "CHURN_RISK");
        incidents.forEach((text, signal) -> assertThat(text, shippedSignals(owner, text), hasItem(signal)));
        // a how-to about what the user deleted, and the law named in a routine question, are no incident
        Map<String, String> routine = Map.of(
                "Comment restaurer les contacts supprimés par erreur ?", "DATA_LOSS",
                "¿Cumplen con la ley de protección de datos para clientes en España?", "LEGAL_THREAT");
        routine.forEach((text, signal) -> assertThat(text, shippedSignals(owner, text), not(hasItem(signal))));
    }

    @Test
    void theShippedVocabularyFindsSomeoneElsesHandInAnAccountThatReadsLikeALoginQuestion() {
        Contact owner = new Contact("Ana", null, "Owner", "Ana Ceramics", 12);
        List<String> incidents = List.of(
                "Can't sign in. The reset mail says my address was changed last night - I didn't change it.",
                "How do I remove an admin? There's one called ext-ops we never added.",
                "Someone exported our leads at 3am and it wasn't one of us. How do I see the audit log?",
                "The 2FA texts go to a number that isn't mine, how do I update it?",
                "Your invoice email had someone else's usage report attached. Can you resend ours?",
                "Our sales rep lost his laptop at the airport, can we log it out remotely?",
                "Jemand hat alle Kontakte exportiert, das war keiner von uns.");
        assertEachFinds("SECURITY_THREAT", owner, incidents);
        // the user's own doing, or a question about how to keep access tidy, is no incident
        List<String> routine = List.of(
                "Got a 'suspicious login' email - it was me on my new phone. How do I trust the device?",
                "Why is my invoice higher this month? I didn't add anyone!",
                "How do I make sure someone who leaves the team no longer has access?",
                "I changed my email last week, how do I change it back?");
        assertNoneFinds("SECURITY_THREAT", owner, routine);
    }

    @Test
    void theShippedVocabularyTakesAFormalDataSubjectRequestForALegalMatterButNotAQuestionAboutTheLaw() {
        Contact person = new Contact("Nana", null, null, null, null);
        List<String> requests = List.of(
                "Under Article 15 GDPR I am requesting a copy of all personal data about me that you hold.",
                "Consider this a formal request under the CCPA to know and to delete my personal information.",
                "De conformidad con el artículo 17 del RGPD, solicito la supresión de todos mis datos.",
                "If the price goes up again, our legal team will look at the contract.");
        assertEachFinds("LEGAL_THREAT", person, requests);
        List<String> questions = List.of(
                "I'm a lawyer (sole practitioner) - how do I set up a client intake form?",
                "Our lawyer (my brother-in-law lol) asked whether your terms cap your liability.");
        assertNoneFinds("LEGAL_THREAT", person, questions);
    }

    @Test
    void theShippedVocabularyHearsAnAuthoritysRequestButNotAPipelineStageNamedAfterOne() {
        Contact plainAddress = new Contact("Mike", null, null, null, null);
        List<String> requests = List.of(
                "got a subpoena here for records of one of your users, where do I serve it?",
                "We hold a search warrant for the account billing@example.com.",
                "I'm a case officer at the OAIC; a customer lodged a notifiable data breach statement naming you.");
        assertEachFinds("PUBLIC_AUTHORITY", plainAddress, requests);
        String stage = "Our stages are 'Intake', 'Subpoena served', 'Discovery'. Can a stage have a deadline?";
        assertThat(shippedSignals(plainAddress, stage), not(hasItem("PUBLIC_AUTHORITY")));
    }

    @Test
    void theShippedVocabularyKnowsAuthoritiesNamedInEnglishButNotEveryAgencyOrAuthority() {
        String text = "Hi, can you tell me how long you keep login records?";
        List<Contact> authorities = List.of(new Contact(null, null, "Deputy", "Harlan County Sheriff's Office", 80),
                new Contact(null, null, "Labour inspector", "Labour Department", 900),
                new Contact(null, null, "Associate", "Financial Conduct Authority", 4000),
                new Contact(null, null, "Investigator", "Office of the Privacy Commissioner", 120),
                new Contact(null, null, "Kriminalhauptkommissar", "Landeskriminalamt Baden-Württemberg", 3000));
        for (Contact sender : authorities) {
            assertThat(sender.company(), shippedSignals(sender, text), hasItem("PUBLIC_AUTHORITY"));
        }
        List<Contact> customers = List.of(
                new Contact(null, null, "Chief Digital Officer", "Gulf Coast Ports Authority", 800),
                new Contact(null, null, "Ops lead", "Bluefin Agency", 14),
                new Contact(null, null, "Head of Revenue Operations", "Kessler Maschinenbau GmbH", 300));
        for (Contact sender : customers) {
            assertThat(sender.company(), shippedSignals(sender, text), not(hasItem("PUBLIC_AUTHORITY")));
        }
    }
}
