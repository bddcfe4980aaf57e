package dev.exceptionledger.ledger.api;

import java.util.List;

public record TimelineResponse(String interactionId, List<TimelineEntry> events) {
}
