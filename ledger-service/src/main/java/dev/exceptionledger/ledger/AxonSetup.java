package dev.exceptionledger.ledger;

import dev.exceptionledger.ledger.persistence.LedgerAppender;
import dev.exceptionledger.ledger.persistence.LedgerSerializer;
import dev.exceptionledger.ledger.persistence.ReadAheadEventSource;
import dev.exceptionledger.ledger.query.FunnelProjection;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jpa.SQLStateResolver;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.serialization.Serializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;

/**
 * Axon Framework 4 wired by hand (there is no Quarkus extension and no Axon Server): the JDBC event store (which
 * {@link LedgerAppender} appends to in batches) and token store on the Agroal datasource, transactions through
 * Narayana, JSON everywhere, and the tracking processors of the projections. The tables are Flyway's.
 */
@Startup
@ApplicationScoped
public class AxonSetup {

    private final AgroalDataSource dataSource;
    private final jakarta.transaction.TransactionManager jta;
    private final FunnelProjection funnel;
    private final int batchSize;
    private Configuration axon;

    AxonSetup(AgroalDataSource dataSource, jakarta.transaction.TransactionManager jta, FunnelProjection funnel,
              @ConfigProperty(name = "ledger.projections.batch-size", defaultValue = "1000") int batchSize) {
        this.dataSource = dataSource;
        this.jta = jta;
        this.funnel = funnel;
        this.batchSize = batchSize;
    }

    @PostConstruct
    void start() {
        TransactionManager transactions = new JtaTransactionManager(jta);
        Serializer json = new LedgerSerializer();
        JdbcEventStorageEngine eventStorage = JdbcEventStorageEngine.builder()
                .connectionProvider(dataSource::getConnection)
                .transactionManager(transactions)
                .eventSerializer(json)
                .snapshotSerializer(json)
                // events read per query, by the processors and their replays
                .batchSize(batchSize)
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
                // the projections send no messages, so nothing needs correlating; the default provider made every
                // handled event deserialise its metadata (a sixth of a rebuild's CPU)
                .configureCorrelationDataProviders(c -> List.of())
                .registerQueryHandler(c -> funnel)
                .eventProcessing(processing -> processing
                        .registerTrackingEventProcessor(FunnelProjection.PROCESSING_GROUP,
                                c -> new ReadAheadEventSource(c.eventStore(), FunnelProjection.PROCESSING_GROUP,
                                        2 * batchSize),
                                c -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                                        .andBatchSize(batchSize))
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
    }

    @Produces
    @Singleton
    QueryGateway queryGateway() {
        return axon.queryGateway();
    }

    /** The funnel's processor, for rebuilds and progress. */
    public TrackingEventProcessor funnelProcessor() {
        return axon.eventProcessingConfiguration()
                .eventProcessor(FunnelProjection.PROCESSING_GROUP, TrackingEventProcessor.class)
                .orElseThrow();
    }
}
