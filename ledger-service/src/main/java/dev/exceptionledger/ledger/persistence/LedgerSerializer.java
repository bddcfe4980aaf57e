package dev.exceptionledger.ledger.persistence;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.exceptionledger.contracts.Json;
import dev.exceptionledger.ledger.api.InteractionEventRecorded;
import org.axonframework.serialization.Converter;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;

/**
 * The one serializer of the event store: the contracts' JSON (Axon's JacksonSerializer), except that the ledger's
 * event is read by {@link StoredEventJson}, the same JSON without data binding, as it is in every replay.
 */
public final class LedgerSerializer implements Serializer {

    private static final String EVENT_TYPE = InteractionEventRecorded.class.getName();

    private final JacksonSerializer json = JacksonSerializer.builder()
            .objectMapper(Json.configure(new ObjectMapper()))
            // Quarkus loads the application in its own class loader, which Axon's default would miss
            .classLoader(InteractionEventRecorded.class.getClassLoader())
            .build();

    @Override
    @SuppressWarnings("unchecked")
    public <S, T> T deserialize(SerializedObject<S> serialized) {
        SerializedType type = serialized.getType();
        if (EVENT_TYPE.equals(type.getName()) && type.getRevision() == null) {
            return (T) StoredEventJson.read(getConverter().convert(serialized, byte[].class).getData());
        }
        return json.deserialize(serialized);
    }

    @Override
    public <T> SerializedObject<T> serialize(Object object, Class<T> expectedRepresentation) {
        return json.serialize(object, expectedRepresentation);
    }

    @Override
    public <T> boolean canSerializeTo(Class<T> expectedRepresentation) {
        return json.canSerializeTo(expectedRepresentation);
    }

    @Override
    public Class classForType(SerializedType type) {
        return json.classForType(type);
    }

    @Override
    public SerializedType typeForClass(Class type) {
        return json.typeForClass(type);
    }

    @Override
    public Converter getConverter() {
        return json.getConverter();
    }
}
