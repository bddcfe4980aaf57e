package dev.exceptionledger.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checks take the services' needs from their code; these tests pin how it is read. */
class ServiceModelTest {

    @Test
    void readsTopicsDeadLettersEnvironmentAndPathsOfAModule(@TempDir Path module) throws IOException {
        Files.createDirectories(module.resolve("src/main/resources"));
        Files.writeString(module.resolve("src/main/resources/application.properties"), """
                quarkus.application.name=sample-service
                quarkus.http.port=8089
                %prod.kafka.bootstrap.servers=${KAFKA_BOOTSTRAP_SERVERS}
                %prod.sample.ledger.url=${LEDGER_URL:http://ledger-service:8084}
                %prod.quarkus.datasource.jdbc.url=${DB_URL}
                mp.messaging.incoming.in.topics=a.one,a.two
                mp.messaging.incoming.in.failure-strategy=dead-letter-queue
                mp.messaging.incoming.in.dead-letter-queue.topic=deadletters
                mp.messaging.outgoing.out.topic=b.out
                """);
        Path java = Files.createDirectories(module.resolve("src/main/java/x"));
        Files.writeString(java.resolve("Stage.java"), """
                @Path("/samples/{id}")
                @ApplicationScoped
                public class Stage {
                    @Incoming("raw") void in(String s) { }
                    Stage(@Channel("emitted") MutinyEmitter<String> e) { }
                }
                """);
        Files.createDirectories(module.resolve("src/main/docker"));
        Files.writeString(module.resolve("src/main/docker/Dockerfile.jvm"), "FROM x\nEXPOSE 8089\n");

        ServiceModel model = ServiceModel.read(module);

        assertEquals("sample-service", model.name());
        assertEquals(8089, model.port());
        assertEquals(Set.of("sample-service"), model.consumerGroups());
        // a channel without a topic line reads or writes the topic of its own name
        assertEquals(Set.of("a.one", "a.two", "raw"), model.readTopics());
        assertEquals(Set.of("b.out", "deadletters", "emitted"), model.writtenTopics());
        assertEquals(Set.of("KAFKA_BOOTSTRAP_SERVERS", "LEDGER_URL", "DB_URL"), model.prodEnv());
        assertTrue(model.hasDatabase());
        assertEquals(Set.of("/samples"), model.restRoots());
        assertEquals(8089, model.dockerfilePort());
    }

    @Test
    void findsTheFiveServicesOfTheProject() {
        var services = ServiceModel.readAll(Project.locate().root());

        assertEquals(Set.of("intake-service", "classifier-service", "routing-service", "ledger-service", "review-service"), services.keySet());
        assertTrue(services.get("intake-service").readTopics().contains("interactions.inbound"));
        // intake deletes the records of interactions.inbound it has recorded: its user needs Delete there, only there
        assertEquals(Set.of("interactions.inbound"), services.get("intake-service").deletedTopics());
        assertEquals(Set.of(), services.get("ledger-service").deletedTopics());
        assertTrue(services.get("ledger-service").readTopics().contains("deadletters"));
        services.values().forEach(s -> assertTrue(s.prodEnv().contains("KAFKA_BOOTSTRAP_SERVERS"), s.name()));
    }
}
