package dev.exceptionledger.review.rest;

import java.time.Instant;
import java.util.UUID;

/** Who holds a review item and until when; after {@code claimExpiresAt} anyone may claim it. */
public record ClaimView(UUID id, String claimedBy, Instant claimExpiresAt) { }
