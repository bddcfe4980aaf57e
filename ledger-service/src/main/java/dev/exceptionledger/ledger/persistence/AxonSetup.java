package dev.exceptionledger.ledger.persistence;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.exceptionledger.contracts.Json;
import dev.exceptionledger.ledger.command.InteractionLedger;
import dev.exceptionledger.ledger.query.FunnelProjection;
import dev.exceptionledger.ledger.query.TimelineQueries;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.commandhandling.gateway.IntervalRetryScheduler;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jpa.SQLStateResolver;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.serialization.json.JacksonSerializer;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Axon Framework 4 wired by hand (there is no Quarkus extension and no Axon Server): JDBC event store and token
 * store on the Agroal datasource, transactions through Narayana, JSON everywhere. The tables are Flyway's.
 */
@Startup
@ApplicationScoped
public class AxonSetup {

    /** Concurrent appends to one ledger from another replica lose the race on the unique sequence number. */
    private static final int COMMAND_RETRIES = 5;
    private static final int RETRY_INTERVAL_MILLIS = 100;

    private final AgroalDataSource dataSource;
    private final jakarta.transaction.TransactionManager jta;
    private final FunnelProjection funnel;
    private final ScheduledExecutorService retryExecutor = Executors.newSingleThreadScheduledExecutor();
    private Configuration axon;

    AxonSetup(AgroalDataSource dataSource, jakarta.transaction.TransactionManager jta, FunnelProjection funnel) {
        this.dataSource = dataSource;
        this.jta = jta;
        this.funnel = funnel;
    }

    @PostConstruct
    void start() {
        TransactionManager transactions = new JtaTransactionManager(jta);
        JacksonSerializer json = JacksonSerializer.builder()
                .objectMapper(Json.configure(new ObjectMapper()))
                // Quarkus loads the application in its own class loader, which Axon's default would miss
                .classLoader(InteractionLedger.class.getClassLoader())
                .build();
        JdbcEventStorageEngine eventStorage = JdbcEventStorageEngine.builder()
                .connectionProvider(dataSource::getConnection)
                .transactionManager(transactions)
                .eventSerializer(json)
                .snapshotSerializer(json)
                // PostgreSQL reports duplicate keys by SQL state 23xxx, not by vendor code
                .persistenceExceptionResolver(new SQLStateResolver())
                .build();
        JdbcTokenStore tokens = JdbcTokenStore.builder()
                .connectionProvider(dataSource::getConnection)
                .serializer(json)
                .build();
        axon = DefaultConfigurer.defaultConfiguration()
                .configureTransactionManager(c -> transactions)
                .configureSerializer(c -> json)
                .configureMessageSerializer(c -> json)
                .configureEventSerializer(c -> json)
                .configureEmbeddedEventStore(c -> eventStorage)
                // the repository locks an aggregate per JVM; across replicas the store's unique
                // (aggregate, sequence) rejects the second writer and the gateway retries the command
                .configureAggregate(InteractionLedger.class)
                .registerComponent(CommandGateway.class, c -> DefaultCommandGateway.builder()
                        .commandBus(c.commandBus())
                        .retryScheduler(IntervalRetryScheduler.builder()
                                .retryExecutor(retryExecutor)
                                .maxRetryCount(COMMAND_RETRIES)
                                .retryInterval(RETRY_INTERVAL_MILLIS)
                                .build())
                        .build())
                .registerQueryHandler(c -> new TimelineQueries(c.eventStore()))
                .registerQueryHandler(c -> funnel)
                .eventProcessing(processing -> processing
                        .registerTrackingEventProcessor(FunnelProjection.PROCESSING_GROUP, c -> c.eventStore(),
                                c -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                                        .andBatchSize(100))
                        .registerEventHandler(c -> funnel)
                        .registerTokenStore(FunnelProjection.PROCESSING_GROUP, c -> tokens)
                        // a failing write is retried by the processor, not logged and skipped
                        .registerListenerInvocationErrorHandler(FunnelProjection.PROCESSING_GROUP,
                                c -> PropagatingErrorHandler.instance()))
                .buildConfiguration();
        axon.start();
    }

    /** ShutdownEvent comes before Agroal closes its pool (a @PreDestroy would be too late). */
    void stop(@Observes ShutdownEvent event) {
        axon.shutdown();
        retryExecutor.shutdownNow();
    }

    @Produces
    @Singleton
    CommandGateway commandGateway() {
        return axon.commandGateway();
    }

    @Produces
    @Singleton
    QueryGateway queryGateway() {
        return axon.queryGateway();
    }
}
