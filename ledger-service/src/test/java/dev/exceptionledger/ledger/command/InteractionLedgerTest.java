package dev.exceptionledger.ledger.command;

import dev.exceptionledger.ledger.api.InteractionEventRecorded;
import dev.exceptionledger.ledger.api.RecordEventCommand;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;

class InteractionLedgerTest {

    private static final String INTERACTION = "interaction-1";
    private static final Instant AT = Instant.parse("2025-03-01T10:15:30Z");

    private AggregateTestFixture<InteractionLedger> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(InteractionLedger.class);
    }

    @Test
    void firstEventCreatesTheLedger() {
        RecordEventCommand received = command(UUID.randomUUID().toString(), "InteractionReceived", "interactions.received");

        fixture.givenNoPriorActivity()
                .when(received)
                .expectSuccessfulHandlerExecution()
                .expectResultMessagePayload(true)
                .expectEvents(recorded(received));
    }

    @Test
    void duplicateEventIdAppendsNothing() {
        RecordEventCommand received = command(UUID.randomUUID().toString(), "InteractionReceived", "interactions.received");

        fixture.given(recorded(received))
                .when(received)
                .expectSuccessfulHandlerExecution()
                .expectResultMessagePayload(false)
                .expectNoEvents();
    }

    @Test
    void anyEventTypeMayComeFirst() {
        RecordEventCommand routed = command(UUID.randomUUID().toString(), "InteractionRouted", "interactions.routed");
        RecordEventCommand received = command(UUID.randomUUID().toString(), "InteractionReceived", "interactions.received");

        fixture.givenNoPriorActivity()
                .when(routed)
                .expectEvents(recorded(routed));
        fixture.given(recorded(routed))
                .when(received)
                .expectEvents(recorded(received));
    }

    @Test
    void anotherEventIdOfTheSameTypeIsRecorded() {
        RecordEventCommand first = command(UUID.randomUUID().toString(), "MessageDeadLettered", "deadletters");
        RecordEventCommand second = command(UUID.randomUUID().toString(), "MessageDeadLettered", "deadletters");

        fixture.given(recorded(first))
                .when(second)
                .expectEvents(recorded(second));
    }

    private static RecordEventCommand command(String eventId, String type, String topic) {
        return new RecordEventCommand(INTERACTION, eventId, type, 1, AT, "test@1", INTERACTION, null, topic,
                "{\"k\":\"v\"}");
    }

    private static InteractionEventRecorded recorded(RecordEventCommand c) {
        return new InteractionEventRecorded(c.interactionId(), c.eventId(), c.type(), c.schemaVersion(),
                c.occurredAt(), c.producer(), c.correlationId(), c.causationId(), c.topic(), c.payload());
    }
}
