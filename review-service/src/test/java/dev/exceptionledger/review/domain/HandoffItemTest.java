package dev.exceptionledger.review.domain;

import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.contracts.HandoffRequested;
import dev.exceptionledger.contracts.InteractionRouted;
import dev.exceptionledger.contracts.PersonalFields;
import dev.exceptionledger.review.Handoffs;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

class HandoffItemTest {

    private static final Instant DEADLINE = Instant.parse("2025-01-10T13:00:00Z");

    @Test
    void takesTheQueueColumnsAndKeepsTheWholePayload() {
        EventEnvelope envelope = Handoffs.envelope("i-1", Handoffs.handoff("sales", "rule-7", DEADLINE));
        HandoffItem item = HandoffItem.from(envelope);
        assertThat(item.handoffEventId(), is(envelope.eventId()));
        assertThat(item.interactionId(), is("i-1"));
        assertThat(item.team(), is("sales"));
        assertThat(item.slaDeadline(), is(DEADLINE));
        assertThat(item.reasonCodes(), is("NOVEL,HIGH_VALUE,AGENT_BLIND_SPOT"));
        assertThat(item.ruleId(), is("rule-7"));
        assertThat(item.intent(), is("integration-question"));
        assertThat(item.novelty(), is(0.83));
        assertThat(item.packet(), is(envelope.payload()));
        assertThat(item.externalId(), is(envelope.payload().path("classification").path("interaction")
                .path("externalId").asText()));
        assertThat(item.contactId(), is(PersonalFields.contactIdOfEmail("dana@example.com")));
    }

    @Test
    void queuesAHandoffWithoutClassificationOrReasons() {
        HandoffItem item = HandoffItem.from(Handoffs.envelope("i-2",
                new HandoffRequested("support", "P3", DEADLINE, null, null, null, null, null)));
        assertThat(item.reasonCodes(), is(""));
        assertThat(item.intent(), nullValue());
        assertThat(item.confidence(), nullValue());
    }

    @Test
    void refusesAHandoffWithoutTeamOrDeadline() {
        IllegalArgumentException noTeam = assertThrows(IllegalArgumentException.class, () -> HandoffItem.from(
                Handoffs.envelope("i-3", new HandoffRequested(" ", "P1", DEADLINE, List.of(), "r", "p", "e", null))));
        assertThat(noTeam.getMessage(), containsString("team"));
        IllegalArgumentException noDeadline = assertThrows(IllegalArgumentException.class, () -> HandoffItem.from(
                Handoffs.envelope("i-4", new HandoffRequested("sales", "P1", null, List.of(), "r", "p", "e", null))));
        assertThat(noDeadline.getMessage(), containsString("slaDeadline"));
    }

    @Test
    void refusesOtherEventTypes() {
        EventEnvelope routed = EventEnvelope.first(InteractionRouted.TYPE, "i-5", "routing@test", Map.of());
        assertThrows(IllegalArgumentException.class, () -> HandoffItem.from(routed));
    }
}
