package dev.exceptionledger.contracts;

import java.time.Instant;

/** One turn of the conversation before the interaction reached us; {@code role} is e.g. customer or agent. */
public record ConversationTurn(String role, String text, Instant at) { }
