package dev.exceptionledger.ledger.messaging;

import dev.exceptionledger.ledger.api.RecordEventCommand;
import dev.exceptionledger.support.Producers;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Records every fact-carrying topic and the dead letters in the ledger. A record is acknowledged when its command
 * has been appended to the event store (the method returns), so nothing is acknowledged before it is recorded.
 */
@ApplicationScoped
public class LedgerConsumer {

    private static final Logger LOG = Logger.getLogger(LedgerConsumer.class);

    private final CommandGateway commands;
    private final String consumerGroup;
    private final String producer;

    LedgerConsumer(CommandGateway commands, Producers producers,
                   @ConfigProperty(name = "quarkus.application.name") String consumerGroup) {
        this.commands = commands;
        this.consumerGroup = consumerGroup;
        this.producer = producers.producer();
    }

    /** All ledger input topics but the dead letters, on one channel (the topic list is in the configuration). */
    @Incoming("ledger-in")
    @Blocking
    public void record(ConsumerRecord<String, String> record) {
        send(LedgerCommands.fromInput(record, consumerGroup, producer));
    }

    @Incoming("deadletters")
    @Blocking
    public void recordDeadLetter(ConsumerRecord<String, String> record) {
        send(LedgerCommands.fromDeadLetter(record, producer));
    }

    private void send(RecordEventCommand command) {
        Boolean recorded = commands.sendAndWait(command);
        if (!Boolean.TRUE.equals(recorded)) {
            LOG.debugf("event %s of interaction %s was recorded before: redelivery ignored",
                    command.eventId(), command.interactionId());
        }
    }
}
