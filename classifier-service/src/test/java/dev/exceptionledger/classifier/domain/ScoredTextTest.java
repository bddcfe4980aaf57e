package dev.exceptionledger.classifier.domain;

import dev.exceptionledger.contracts.ConversationTurn;
import dev.exceptionledger.contracts.InteractionReceived;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ScoredTextTest {

    @Test
    void isSubjectTextAndWhatTheCustomerSaidButNotTheAgent() {
        InteractionReceived interaction = new InteractionReceived("chat", "ERP question", " Does it work with SAP? ",
                null, List.of(new ConversationTurn("customer", "We are 800 people.", null),
                        new ConversationTurn("agent", "Please see our docs.", null),
                        new ConversationTurn("User", "Our CFO asked.", null)),
                null, null, null, null);

        assertEquals("ERP question\nDoes it work with SAP?\nWe are 800 people.\nOur CFO asked.", ScoredText.of(interaction));
    }
}
