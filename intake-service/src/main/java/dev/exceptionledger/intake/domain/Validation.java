package dev.exceptionledger.intake.domain;

import dev.exceptionledger.contracts.InteractionReceived;

/** The validator's verdict on one input: an interaction to publish, or a rejection. */
public sealed interface Validation {

    /** @param requestHash identifies the content, so an idempotent replay can be told from a conflicting reuse */
    record Valid(InteractionReceived interaction, String requestHash) implements Validation { }

    record Invalid(Rejection rejection) implements Validation { }
}
