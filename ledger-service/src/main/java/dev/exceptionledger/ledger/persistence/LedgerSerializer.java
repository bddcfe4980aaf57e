package dev.exceptionledger.ledger.persistence;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.exceptionledger.contracts.Json;
import dev.exceptionledger.ledger.api.InteractionEventRecorded;
import org.axonframework.serialization.json.JacksonSerializer;

/** The one serializer of the event store: the contracts' JSON, for Axon and for the ledger's own appends. */
final class LedgerSerializer {
    private LedgerSerializer() { }

    static JacksonSerializer create() {
        return JacksonSerializer.builder()
                .objectMapper(Json.configure(new ObjectMapper()))
                // Quarkus loads the application in its own class loader, which Axon's default would miss
                .classLoader(InteractionEventRecorded.class.getClassLoader())
                .build();
    }
}
