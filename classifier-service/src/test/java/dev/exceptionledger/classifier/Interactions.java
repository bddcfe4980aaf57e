package dev.exceptionledger.classifier;

import dev.exceptionledger.contracts.AgentDecision;
import dev.exceptionledger.contracts.Contact;
import dev.exceptionledger.contracts.InteractionReceived;

import java.time.Instant;

/** Interactions the service tests send. */
public final class Interactions {
    private Interactions() { }

    /** The seed's case: a CFO of an 800-person company asks off-form about an ERP integration; the agent closed it. */
    public static InteractionReceived cfoAskingAboutErp() {
        return new InteractionReceived("email", "ERP integration?",
                "Hi, does your product integrate with our ERP? We run NetSuite.",
                new Contact("Dana Whitfield", "dana@acme.example", "CFO", "Acme Manufacturing", 800),
                null, new AgentDecision("product_how_to", 0.82, "closed"), "mail-4711", null, Instant.parse("2026-01-05T09:30:00Z"));
    }

    public static InteractionReceived passwordReset() {
        return new InteractionReceived("web_form", null, "I forgot my password and can't log in.",
                null, null, null, null, null, Instant.parse("2026-01-05T09:31:00Z"));
    }
}
