package dev.exceptionledger.intake.domain;

import dev.exceptionledger.contracts.AgentActions;
import dev.exceptionledger.contracts.AgentDecision;
import dev.exceptionledger.contracts.Channels;
import dev.exceptionledger.contracts.InteractionReceived;
import dev.exceptionledger.contracts.Violation;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InteractionValidatorTest {

    private static final Instant NOW = Instant.parse("2025-01-02T03:04:05Z");

    private static final String FULL = """
            {"channel": "email", "subject": "ERP?", "text": "Do you integrate with SAP?",
             "contact": {"name": "Ada", "email": "ada@example.com", "title": "CFO", "company": "Acme", "companySize": 800},
             "turns": [{"role": "customer", "text": "Hi", "at": "2025-01-01T10:00:00Z"}, {"role": "agent", "text": "Hello\\nthere"}],
             "agentDecision": {"label": "general_question", "confidence": 0.42, "action": "closed"},
             "externalId": "crm-17"}""";

    private static Validation validate(String json) {
        return validate(json, null);
    }

    private static Validation validate(String json, String key) {
        return InteractionValidator.validate(json.getBytes(StandardCharsets.UTF_8), key, NOW, AgentActions.DEFAULT);
    }

    /** A minimal interaction with this agentDecision. */
    private static String withDecision(String agentDecision) {
        return "{\"channel\":\"api\",\"text\":\"x\",\"agentDecision\":" + agentDecision + "}";
    }

    private static AgentDecision decisionOf(String agentDecision) {
        return assertInstanceOf(Validation.Valid.class, validate(withDecision(agentDecision))).interaction()
                .agentDecision();
    }

    private static Rejection rejected(String json) {
        return assertInstanceOf(Validation.Invalid.class, validate(json)).rejection();
    }

    private static List<String> fields(Rejection rejection) {
        return rejection.violations().stream().map(Violation::field).toList();
    }

    private static String messageFor(Rejection rejection, String field) {
        return rejection.violations().stream().filter(v -> v.field().equals(field)).findFirst()
                .orElseThrow(() -> new AssertionError("no violation for " + field + " in " + rejection)).message();
    }

    @Test
    void acceptsAFullInteractionAndKeepsEveryField() {
        Validation.Valid valid = assertInstanceOf(Validation.Valid.class, validate(FULL, "key-1"));
        InteractionReceived r = valid.interaction();
        assertEquals("email", r.channel());
        assertEquals("ERP?", r.subject());
        assertEquals("Do you integrate with SAP?", r.text());
        assertEquals("CFO", r.contact().title());
        assertEquals(800, r.contact().companySize());
        assertEquals(2, r.turns().size());
        assertEquals(Instant.parse("2025-01-01T10:00:00Z"), r.turns().get(0).at());
        assertEquals("Hello\nthere", r.turns().get(1).text());
        assertEquals("closed", r.agentDecision().action());
        assertEquals("closed", r.agentDecision().canonicalAction());
        assertEquals(0.42, r.agentDecision().confidence());
        assertEquals("crm-17", r.externalId());
        assertEquals("key-1", r.idempotencyKey());
        assertEquals(NOW, r.receivedAt());
    }

    @Test
    void acceptsTheMinimalInteraction() {
        InteractionReceived r = assertInstanceOf(Validation.Valid.class,
                validate("{\"channel\":\"chat\",\"text\":\"hi\",\"subject\":null}")).interaction();
        assertNull(r.contact());
        assertNull(r.turns());
        assertNull(r.subject());
        assertNull(r.agentDecision());
    }

    @Test
    void acceptsEveryDocumentedChannel() {
        for (String channel : Channels.ALL) {
            assertInstanceOf(Validation.Valid.class, validate("{\"channel\":\"" + channel + "\",\"text\":\"x\"}"));
        }
    }

    @Test
    void requiresChannelAndText() {
        Rejection r = rejected("{\"subject\":\"s\"}");
        assertEquals(RejectionReason.VALIDATION_FAILED, r.reason());
        assertEquals(List.of("channel", "text"), fields(r));
        assertEquals("is required", messageFor(r, "text"));
    }

    @Test
    void rejectsBlankTextAndUnknownChannel() {
        Rejection r = rejected("{\"channel\":\"fax\",\"text\":\"  \\n \"}");
        assertTrue(messageFor(r, "channel").startsWith("must be one of web_form, email, chat"));
        assertEquals("must not be blank", messageFor(r, "text"));
    }

    @Test
    void enforcesLengthLimitsInCharacters() {
        String text = "é".repeat(InteractionValidator.MAX_TEXT);
        assertInstanceOf(Validation.Valid.class, validate("{\"channel\":\"api\",\"text\":\"" + text + "\"}"));
        Rejection r = rejected("{\"channel\":\"api\",\"text\":\"" + text + "x\",\"subject\":\"" + "s".repeat(501)
                + "\",\"externalId\":\"" + "e".repeat(201) + "\"}");
        assertEquals(List.of("subject", "text", "externalId"), fields(r));
        assertTrue(messageFor(r, "text").contains("at most 20000 characters (has 20001)"));
    }

    @Test
    void namesTheFieldOfAWrongType() {
        Rejection r = rejected("{\"channel\":\"api\",\"text\":5,\"contact\":[],\"turns\":{},\"agentDecision\":\"x\"}");
        assertEquals("must be a string, not a number", messageFor(r, "text"));
        assertEquals("must be an object, not an array", messageFor(r, "contact"));
        assertEquals("must be an array of turns, not an object", messageFor(r, "turns"));
        assertEquals("must be an object, not a string", messageFor(r, "agentDecision"));
    }

    @Test
    void rejectsUnknownFieldsAtEveryLevelNamingThem() {
        Rejection r = rejected("""
                {"channel":"api","text":"x","priority":"high","contact":{"phone":"1"},
                 "turns":[{"role":"agent","text":"t","sentiment":1}],"agentDecision":{"label":"l","action":"closed","why":"?"}}""");
        assertEquals(List.of("priority", "contact.phone", "turns[0].sentiment", "agentDecision.why"), fields(r));
        assertTrue(messageFor(r, "priority").startsWith("unknown field 'priority': remove it (known fields here: "));
        // a name that looks misspelt gets the one it most likely meant
        assertEquals("unknown field 'external_id': did you mean 'externalId'?",
                messageFor(rejected("{\"channel\":\"api\",\"text\":\"x\",\"external_id\":\"e\"}"), "external_id"));
    }

    @Test
    void rejectsControlCharactersButAllowsTabsAndNewlines() {
        assertInstanceOf(Validation.Valid.class, validate("{\"channel\":\"api\",\"text\":\"a\\tb\\r\\nc\"}"));
        Rejection r = rejected("{\"channel\":\"api\",\"text\":\"a\\u0007b\",\"contact\":{\"name\":\"\\u0000\"},"
                + "\"turns\":[{\"role\":\"agent\",\"text\":\"x\\u009b\"}]}");
        assertEquals(List.of("text", "contact.name", "turns[0].text"), fields(r));
        assertTrue(messageFor(r, "text").contains("U+0007 at index 1"));
    }

    @Test
    void anEmptyEmailIsNoEmail() {
        Validation.Valid valid = assertInstanceOf(Validation.Valid.class,
                validate("{\"channel\":\"phone\",\"text\":\"voicemail\",\"contact\":{\"name\":\"Paul\",\"email\":\"\"}}"));
        assertNull(valid.interaction().contact().email());
    }

    @Test
    void validatesTheContact() {
        Rejection r = rejected("{\"channel\":\"api\",\"text\":\"x\",\"contact\":{\"email\":\"not-an-email\",\"companySize\":0}}");
        assertEquals("must be an email address such as name@example.com", messageFor(r, "contact.email"));
        assertTrue(messageFor(r, "contact.companySize").startsWith("must be between 1 and"));
        assertTrue(messageFor(rejected("{\"channel\":\"api\",\"text\":\"x\",\"contact\":{\"companySize\":\"800\"}}"),
                "contact.companySize").contains("whole number"));
        assertTrue(messageFor(rejected("{\"channel\":\"api\",\"text\":\"x\",\"contact\":{\"companySize\":1.5}}"),
                "contact.companySize").contains("whole number"));
    }

    @Test
    void validatesTurns() {
        Rejection r = rejected("""
                {"channel":"api","text":"x","turns":[{"role":"bot","text":""},{"role":"customer","text":"t","at":"yesterday"},3]}""");
        assertEquals(List.of("turns[0].role", "turns[0].text", "turns[1].at", "turns[2]"), fields(r));
        assertTrue(messageFor(r, "turns[1].at").contains("ISO-8601"));
    }

    @Test
    void limitsTheNumberOfTurns() {
        String turn = "{\"role\":\"customer\",\"text\":\"t\"}";
        String turns = String.join(",", java.util.Collections.nCopies(201, turn));
        Rejection r = rejected("{\"channel\":\"api\",\"text\":\"x\",\"turns\":[" + turns + "]}");
        assertEquals(List.of("turns"), fields(r));
        assertTrue(messageFor(r, "turns").contains("at most 200 turns (has 201)"));
    }

    @Test
    void validatesTheAgentDecision() {
        Rejection r = rejected(withDecision("{\"label\":\" \",\"confidence\":1.5,\"action\":\" \"}"));
        assertEquals(List.of("agentDecision.label", "agentDecision.confidence", "agentDecision.action"), fields(r));
        assertEquals("must be between 0 and 1", messageFor(r, "agentDecision.confidence"));
        assertEquals("must not be blank", messageFor(r, "agentDecision.action"));
        // a decision needs the agent's label; the action is optional
        assertEquals(List.of("agentDecision.label"),
                fields(rejected(withDecision("{}"))));
    }

    @Test
    void keepsTheAgentsOwnActionAndMapsItOntoACanonicalOne() {
        assertEquals(new AgentDecision("billing", null, "resolved", "closed"),
                decisionOf("{\"label\":\"billing\",\"action\":\"resolved\"}"));
        assertEquals(new AgentDecision("billing", null, "Handed Off", "escalated"),
                decisionOf("{\"label\":\"billing\",\"action\":\"  Handed Off \"}"));
        assertEquals(new AgentDecision("spam", 0.9, "ignored", "ignored"),
                decisionOf("{\"label\":\"spam\",\"confidence\":0.9,\"action\":\"ignored\"}"));
        assertEquals(new AgentDecision("faq", null, "auto_replied", "answered"),
                decisionOf("{\"label\":\"faq\",\"action\":\"auto_replied\"}"));
    }

    @Test
    void acceptsAnActionItDoesNotKnowAsOther() {
        assertEquals(new AgentDecision("billing", null, "parked", "other"),
                decisionOf("{\"label\":\"billing\",\"action\":\"parked\"}"));
    }

    @Test
    void aDecisionWithoutAnActionIsNone() {
        assertEquals(new AgentDecision("billing", 0.3, null, "none"),
                decisionOf("{\"label\":\"billing\",\"confidence\":0.3}"));
        assertEquals(new AgentDecision("billing", null, null, "none"),
                decisionOf("{\"label\":\"billing\",\"action\":null}"));
    }

    @Test
    void refusesAnActionThatIsTooLongOrNotAString() {
        String longest = "a".repeat(InteractionValidator.MAX_LABEL);
        Rejection tooLong = rejected(withDecision("{\"label\":\"l\",\"action\":\"" + longest + "b\"}"));
        assertEquals("must be at most 200 characters (has 201): shorten it",
                messageFor(tooLong, "agentDecision.action"));
        Rejection number = rejected(withDecision("{\"label\":\"l\",\"action\":5}"));
        assertEquals("must be a string, not a number", messageFor(number, "agentDecision.action"));
        assertEquals(longest, decisionOf("{\"label\":\"l\",\"action\":\"" + longest + "\"}").action());
    }

    @Test
    void collectsAllViolationsAndNamesThemInTheDetail() {
        Rejection r = rejected("{\"channel\":1,\"contact\":{\"email\":\"x\"},\"extra\":true}");
        assertEquals(List.of("extra", "channel", "text", "contact.email"), fields(r));
        assertEquals("the interaction is invalid: fix 4 problems (extra, channel, text, contact.email)", r.detail());
    }

    @Test
    void listsAtMostFiftyViolations() {
        StringBuilder json = new StringBuilder("{\"channel\":\"api\",\"text\":\"x\"");
        for (int i = 0; i < 80; i++) {
            json.append(",\"f").append(i).append("\":1");
        }
        Rejection r = rejected(json.append('}').toString());
        assertEquals(InteractionValidator.MAX_LISTED_VIOLATIONS + 1, r.violations().size());
        assertEquals(new Violation("$", "30 further violations are not listed: fix the listed ones and send again"),
                r.violations().get(r.violations().size() - 1));
    }

    @Test
    void carriesReadableChannelAndExternalIdInTheRejection() {
        Rejection r = rejected("{\"channel\":\"chat\",\"externalId\":\"ticket-9\"}");
        assertEquals("chat", r.channel());
        assertEquals("ticket-9", r.externalId());
        Rejection unreadable = rejected("{\"channel\":\"fax\",\"externalId\":\"\\u0001\"}");
        assertNull(unreadable.channel());
        assertNull(unreadable.externalId());
    }

    @Test
    void rejectsWhatIsNotJsonAsInvalidJson() {
        for (String body : List.of("{\"channel\":", "{\"text\":\"a\",\"text\":\"b\"}", "{} {}", "channel=api", "", "  ")) {
            Rejection r = rejected(body);
            assertEquals(RejectionReason.INVALID_JSON, r.reason(), body);
        }
        assertTrue(rejected("{\"text\":\"a\",\"text\":\"b\"}").detail().contains("Duplicate field 'text'"));
        assertTrue(rejected("{\"channel\":").detail().startsWith("the body is not valid JSON at line 1"));
    }

    /**
     * A rejection's detail and violations are recorded (InteractionRejected, an import's line) and answered in clear:
     * they name the field and what is expected, never the value that was sent.
     */
    @Test
    void noRejectionQuotesTheValueSent() {
        String secret = "Zqdana7Secret";
        for (String body : List.of(
                "{\"channel\":\"email\",\"text\":" + secret + "}",
                "{\"channel\":\"email\",\"text\":\"" + secret + "\" \"" + secret + "\"}",
                "{\"channel\":\"email\",\"text\":1" + secret + "}",
                "{\"channel\":\"" + secret + "\",\"text\":\"x\"}",
                "{\"channel\":\"email\",\"text\":\"x\",\"contact\":{\"email\":\"" + secret + "\"}}",
                "{\"channel\":\"email\",\"text\":\"x\",\"contact\":{\"companySize\":\"" + secret + "\"}}",
                "{\"channel\":\"email\",\"text\":\"x\",\"contact\":{\"companySize\":98765432109876543210}}",
                "{\"channel\":\"email\",\"text\":\"x\",\"turns\":[{\"role\":\"" + secret + "\",\"text\":\"y\"}]}",
                "{\"channel\":\"email\",\"text\":\"x\",\"turns\":[{\"role\":\"customer\",\"text\":\"y\",\"at\":\""
                        + secret + "\"}]}",
                "{\"channel\":\"email\",\"text\":\"x\",\"agentDecision\":{\"label\":\"l\",\"confidence\":\"" + secret
                        + "\"}}",
                "{\"channel\":\"email\",\"text\":\"" + "x".repeat(20_001) + secret + "\"}",
                "{\"channel\":\"email\",\"text\":\"x\\u0001" + secret + "\"}")) {
            Rejection r = rejected(body);
            String said = r.detail() + " " + r.violations();
            assertFalse(said.contains("Zqdana") || said.contains("98765"), body.substring(0, Math.min(80, body.length())) + ": " + said);
        }
    }

    @Test
    void rejectsAJsonValueThatIsNotAnObject() {
        Rejection r = rejected("[1]");
        assertEquals(RejectionReason.VALIDATION_FAILED, r.reason());
        assertEquals("the body must be a JSON object, not an array", messageFor(r, "$"));
    }

    @Test
    void rejectsInvalidUtf8() {
        byte[] body = {'{', '"', 't', 'e', 'x', 't', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        Rejection r = assertInstanceOf(Validation.Invalid.class, InteractionValidator.validate(body, null, NOW,
                AgentActions.DEFAULT)).rejection();
        assertEquals(RejectionReason.INVALID_JSON, r.reason());
        assertTrue(r.detail().contains("UTF-8"));
    }

    @Test
    void rejectsABodyOverTheLimit() {
        byte[] body = new byte[InteractionValidator.MAX_BODY_BYTES + 1];
        Rejection r = assertInstanceOf(Validation.Invalid.class, InteractionValidator.validate(body, null, NOW,
                AgentActions.DEFAULT)).rejection();
        assertEquals(RejectionReason.BODY_TOO_LARGE, r.reason());
        assertTrue(r.detail().contains(String.valueOf(InteractionValidator.MAX_BODY_BYTES + 1)));
    }

    @Test
    void validatesTheIdempotencyKey() {
        assertEquals(List.of("Idempotency-Key"), fields(assertInstanceOf(Validation.Invalid.class,
                validate("{\"channel\":\"api\",\"text\":\"x\"}", "k".repeat(201))).rejection()));
        assertEquals("must not be blank", messageFor(assertInstanceOf(Validation.Invalid.class,
                validate("{\"channel\":\"api\",\"text\":\"x\"}", " ")).rejection(), "Idempotency-Key"));
    }

    @Test
    void hashesContentNotLayoutOrKey() {
        String hash = assertInstanceOf(Validation.Valid.class,
                validate("{\"channel\":\"api\",\"text\":\"x\"}", "a")).requestHash();
        assertEquals(hash, assertInstanceOf(Validation.Valid.class,
                validate("{ \"text\" : \"x\", \"channel\" : \"api\" }", "b")).requestHash());
        assertNotEquals(hash, assertInstanceOf(Validation.Valid.class,
                validate("{\"channel\":\"api\",\"text\":\"y\"}", "a")).requestHash());
    }

    @Test
    void hashesWhatWasSentNotTheMappingOfTheAction() {
        byte[] body = withDecision("{\"label\":\"l\",\"action\":\"parked\"}").getBytes(StandardCharsets.UTF_8);
        Validation.Valid shipped = assertInstanceOf(Validation.Valid.class,
                InteractionValidator.validate(body, "a", NOW, AgentActions.DEFAULT));
        Validation.Valid configured = assertInstanceOf(Validation.Valid.class,
                InteractionValidator.validate(body, "a", NOW, AgentActions.DEFAULT.with(Map.of("closed",
                        List.of("parked")))));

        assertEquals("other", shipped.interaction().agentDecision().canonicalAction());
        assertEquals("closed", configured.interaction().agentDecision().canonicalAction());
        assertEquals(shipped.requestHash(), configured.requestHash());
    }
}
