package dev.exceptionledger.support;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TracingSwitchTest {

    @Test
    void tracesOnlyWhenACollectorIsNamed() {
        assertEquals("true", new TracingSwitch(null).getValue("quarkus.otel.sdk.disabled"));
        assertEquals("true", new TracingSwitch(" ").getValue("quarkus.otel.sdk.disabled"));
        assertEquals("false", new TracingSwitch("http://otel-collector:4318").getValue("quarkus.otel.sdk.disabled"));
    }

    @Test
    void yieldsToApplicationProperties() {
        // application.properties has ordinal 250: a service or a test that sets the switch itself wins
        assertEquals(200, new TracingSwitch(null).getOrdinal());
    }
}
