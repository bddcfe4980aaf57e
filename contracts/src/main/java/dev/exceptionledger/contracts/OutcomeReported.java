package dev.exceptionledger.contracts;

import java.time.Instant;

/**
 * What became of an interaction, as a CRM or helpdesk reports it back.
 *
 * @param outcome    WON, LOST, CHURNED or RESOLVED
 * @param value      for WON: the deal's value
 * @param externalId the reporter's id of the interaction, when it reported by that
 * @param source     who reported it, e.g. the client's id
 */
public record OutcomeReported(
        String outcome,
        Double value,
        String currency,
        String externalId,
        String source,
        String note,
        Instant reportedAt) {

    public static final String TYPE = "OutcomeReported";
}
