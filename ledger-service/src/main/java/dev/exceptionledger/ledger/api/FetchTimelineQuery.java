package dev.exceptionledger.ledger.api;

/** One interaction's recorded events, in ledger order, read from the event store itself. */
public record FetchTimelineQuery(String interactionId) {
}
