package dev.exceptionledger.review.domain;

import com.fasterxml.jackson.databind.JsonNode;
import dev.exceptionledger.contracts.Json;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

class FeedbackTextTest {

    @Test
    void takesSubjectTextAndTheCustomersTurnsButNotTheAgents() {
        JsonNode packet = Json.read("""
                {"classification":{"interaction":{"subject":" SSO ","text":"Do you support SAML?",
                 "turns":[{"role":"customer","text":"We use Okta."},{"role":"agent","text":"Let me check."},
                          {"role":"User","text":"  "}]}}}""", JsonNode.class);
        assertThat(FeedbackText.of(packet), is("SSO\nDo you support SAML?\nWe use Okta."));
    }

    @Test
    void isNullWithoutAnInteraction() {
        assertThat(FeedbackText.of(Json.read("{\"classification\":null}", JsonNode.class)), nullValue());
        assertThat(FeedbackText.of(null), nullValue());
    }
}
