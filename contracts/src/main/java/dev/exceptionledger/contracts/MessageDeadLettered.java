package dev.exceptionledger.contracts;

/**
 * A message that a consumer could not process: the ledger's record of a dead letter.
 *
 * @param topic    where the message was read from
 * @param consumer the consumer group that gave up on it
 * @param rawValue the message as received (possibly cut), so nothing is lost
 */
public record MessageDeadLettered(
        String topic,
        int partition,
        long offset,
        String consumer,
        String reason,
        String rawValue) {

    public static final String TYPE = "MessageDeadLettered";
}
