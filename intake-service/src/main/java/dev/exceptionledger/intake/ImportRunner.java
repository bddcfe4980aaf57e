package dev.exceptionledger.intake;

import dev.exceptionledger.contracts.InteractionReceived;
import dev.exceptionledger.contracts.InteractionRejected;
import dev.exceptionledger.contracts.Violation;
import dev.exceptionledger.intake.domain.Csv;
import dev.exceptionledger.intake.domain.ImportMapping;
import dev.exceptionledger.intake.domain.ImportRecords.FileRecord;
import dev.exceptionledger.intake.domain.InteractionValidator;
import dev.exceptionledger.intake.domain.Rejection;
import dev.exceptionledger.intake.domain.RejectionReason;
import dev.exceptionledger.intake.domain.Validation;
import dev.exceptionledger.intake.messaging.InteractionEvents;
import dev.exceptionledger.intake.persistence.ImportStore;
import dev.exceptionledger.intake.persistence.ImportStore.Claim;
import dev.exceptionledger.intake.persistence.ImportStore.Line;
import dev.exceptionledger.intake.persistence.ImportStore.LineStatus;
import dev.exceptionledger.intake.persistence.ImportStore.Run;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Works through the stored imports in the background, one batch at a time: each line becomes a received or a
 * rejected fact, like an HTTP request, and the batch's keys, lines and the import's resume point are committed
 * together after the broker acknowledged the batch. Every id derives from the line (interaction and rejection ids
 * from its key, event ids from those), so a batch published again after a crash before its commit carries the same
 * event ids and consumers drop the copies: nothing is lost and nothing counts twice.
 */
@ApplicationScoped
public class ImportRunner {

    private static final Logger LOG = Logger.getLogger(ImportRunner.class);

    private final ImportStore store;
    private final ImportMappings mappings;
    private final InteractionEvents events;
    private final Intake intake;
    private final IntakeConfig.Imports config;
    private ScheduledExecutorService worker;

    public ImportRunner(ImportStore store, ImportMappings mappings, InteractionEvents events, Intake intake,
                        IntakeConfig config) {
        this.store = store;
        this.mappings = mappings;
        this.events = events;
        this.intake = intake;
        this.config = config.imports();
    }

    void start(@Observes StartupEvent started) {
        worker = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "imports"));
        // resumes what a previous run of intake left RUNNING, then looks again now and then
        worker.scheduleWithFixedDelay(this::runAll, 0, config.poll().toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent stopping) {
        worker.shutdownNow();
        try {
            worker.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts on a new import at once instead of at the next poll. */
    public void wake() {
        worker.execute(this::runAll);
    }

    private void runAll() {
        try {
            store.countEarlyDecisions();
            for (String id : store.running()) {
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
                run(id);
            }
        } catch (RuntimeException e) {
            // the broker or the database is away: the import stays RUNNING and the next poll resumes it
            LOG.warnf("imports paused: %s", e.toString());
        }
    }

    /** Processes the import up to its end, unless another instance holds it or intake is stopping. */
    void run(String importId) {
        Optional<ImportStore.Held> lock = store.lock(importId);
        if (lock.isEmpty()) {
            return;
        }
        try (ImportStore.Held held = lock.get()) {
            Run run = store.find(importId).orElseThrow();
            Optional<ImportMapping> mapping = mappings.get(run.mapping());
            if (mapping.isEmpty()) {
                store.fail(importId, "the mapping " + run.mapping() + " is no longer configured");
                return;
            }
            List<String> header = null;
            if (mapping.get().format() == ImportMapping.Format.CSV) {
                try {
                    header = run.header() == null ? null : Csv.fields(run.header());
                } catch (IllegalArgumentException e) {
                    header = null;
                }
                if (header == null || header.isEmpty()) {
                    store.fail(importId, "the CSV file has no readable header line: its first line must name the columns");
                    return;
                }
            }
            long processed = run.processed();
            while (processed < run.lines() && !Thread.currentThread().isInterrupted()) {
                List<FileRecord> chunk = store.recordsFrom(importId, processed);
                if (chunk.isEmpty()) {
                    store.fail(importId, "the stored file ends at record " + processed + " of " + run.lines());
                    return;
                }
                for (int i = 0; i < chunk.size() && !Thread.currentThread().isInterrupted(); i += config.batchSize()) {
                    List<FileRecord> batch = chunk.subList(i, Math.min(chunk.size(), i + config.batchSize()));
                    processBatch(run, mapping.get(), header, batch, processed + batch.size());
                    processed += batch.size();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("import " + importId + ": " + e.getMessage(), e);
        }
    }

    /** One line on its way: its outcome and, for an accepted one, what to publish. */
    private static final class Item {
        final FileRecord record;
        String externalId;
        String key;
        Validation.Valid valid;
        Rejection rejection;

        Item(FileRecord record) {
            this.record = record;
        }
    }

    private void processBatch(Run run, ImportMapping mapping, List<String> header, List<FileRecord> records,
                              long processedAfter) throws SQLException {
        Instant now = Instant.now();
        List<Item> items = new ArrayList<>();
        for (FileRecord record : records) {
            items.add(prepare(run, mapping, header, record, now));
        }
        List<Item> valid = items.stream().filter(i -> i.valid != null).toList();
        Connection c = store.begin();
        try {
            Map<String, Claim> claims = valid.isEmpty() ? Map.of() : store.claim(c,
                    valid.stream().map(i -> i.key).toList(),
                    valid.stream().map(i -> interactionId(i.key)).toList(),
                    valid.stream().map(i -> i.valid.requestHash()).toList());
            InteractionEvents.Batch outputs = events.batch();
            List<Line> lines = new ArrayList<>();
            Map<String, String> claimedHere = new HashMap<>();
            for (Item item : items) {
                if (item.valid != null) {
                    Claim claim = claims.get(item.key);
                    String hash = item.valid.requestHash();
                    boolean first = claim.claimed() && !claimedHere.containsKey(item.key);
                    String heldHash = claimedHere.getOrDefault(item.key, claim.requestHash());
                    if (first) {
                        claimedHere.put(item.key, hash);
                        outputs.received(claim.interactionId(), item.valid.interaction());
                        lines.add(new Line(item.record.line(), item.externalId, claim.interactionId(),
                                LineStatus.ACCEPTED, null, null));
                        continue;
                    }
                    if (heldHash.equals(hash)) {
                        lines.add(new Line(item.record.line(), item.externalId, claim.interactionId(),
                                LineStatus.DUPLICATE, "already imported as interaction " + claim.interactionId(), null));
                        continue;
                    }
                    item.rejection = new Rejection(RejectionReason.IDEMPOTENCY_CONFLICT,
                            "externalId " + item.externalId + " was already imported with different content, as "
                                    + "interaction " + claim.interactionId(),
                            List.of(new Violation("externalId", "already imported with different content")),
                            item.valid.interaction().channel(), item.externalId);
                }
                String rejectionId = UUID.nameUUIDFromBytes(("import-rejection/" + run.id() + "/"
                        + item.record.line()).getBytes(StandardCharsets.UTF_8)).toString();
                Rejection r = item.rejection;
                outputs.rejected(rejectionId, new InteractionRejected(r.reason().code(), r.detail(),
                        r.violations(), r.channel(), r.externalId(), item.record.bytes(), now, run.id(),
                        item.record.line()));
                lines.add(new Line(item.record.line(), r.externalId(), rejectionId, LineStatus.REJECTED,
                        r.reason().code() + ": " + r.detail(), null));
            }
            outputs.publish();
            store.commitBatch(c, run.id(), lines, processedAfter);
        } catch (SQLException | RuntimeException e) {
            rollback(c);
            throw e;
        }
    }

    private Item prepare(Run run, ImportMapping mapping, List<String> header, FileRecord record, Instant now) {
        Item item = new Item(record);
        if (record.tooLarge()) {
            item.rejection = InteractionValidator.tooLarge(record.bytes());
            return item;
        }
        ImportMapping.Mapped mapped = mapping.map(record.data(), header);
        if (mapped instanceof ImportMapping.Mapped.Failed failed) {
            item.rejection = failed.rejection();
            return item;
        }
        ImportMapping.Mapped.Ok ok = (ImportMapping.Mapped.Ok) mapped;
        item.externalId = ok.externalId();
        Validation validation = InteractionValidator.validate(ok.interaction(), null, now, intake.agentActions());
        if (validation instanceof Validation.Invalid invalid) {
            item.rejection = invalid.rejection();
            return item;
        }
        InteractionReceived i = ((Validation.Valid) validation).interaction();
        // one conversation is imported once, whatever file brings it again; without an externalId, once per file
        item.key = "import:" + sha256(i.externalId() != null ? run.mapping() + "\n" + i.externalId()
                : run.contentHash() + "\n" + record.line());
        item.valid = new Validation.Valid(new InteractionReceived(i.channel(), i.subject(), i.text(), i.contact(),
                i.turns(), i.agentDecision(), i.externalId(), item.key, now, ok.occurredAt(), run.id(),
                record.line()), ((Validation.Valid) validation).requestHash());
        return item;
    }

    /** The interaction an import key stands for, the same on every attempt. */
    static String interactionId(String key) {
        return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static void rollback(Connection c) {
        try (c) {
            c.rollback();
        } catch (SQLException e) {
            LOG.debugf("rollback of an import batch failed: %s", e.toString());
        }
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
