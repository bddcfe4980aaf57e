package dev.exceptionledger.intake.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.contracts.InteractionReceived;
import dev.exceptionledger.contracts.InteractionRejected;
import dev.exceptionledger.contracts.InteractionRouted;
import dev.exceptionledger.contracts.Json;
import dev.exceptionledger.contracts.RoutingOutcome;
import dev.exceptionledger.contracts.Topics;
import dev.exceptionledger.devstack.DevStackTestResource;
import dev.exceptionledger.intake.persistence.ImportStore;
import dev.exceptionledger.intake.support.TopicReader;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = DevStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "intake"))
class ImportResourceTest {

    private static final TopicReader RECEIVED = TopicReader.of(Topics.INTERACTIONS_RECEIVED);
    private static final TopicReader REJECTED = TopicReader.of(Topics.INTERACTIONS_REJECTED);
    private static final Duration IMPORT = Duration.ofSeconds(60);

    @Inject
    AgroalDataSource db;

    @Inject
    ImportStore store;

    private static RequestSpecification as(String role) {
        return given().auth().oauth2(OidcWiremockTestResource.getAccessToken("operator", Set.of(role)))
                .config(RestAssuredConfig.config().encoderConfig(EncoderConfig.encoderConfig()
                        .appendDefaultContentCharsetToContentTypeIfUndefined(false)
                        .encodeContentTypeAs("application/x-ndjson", io.restassured.http.ContentType.TEXT)
                        .encodeContentTypeAs("text/csv", io.restassured.http.ContentType.TEXT)));
    }

    private static Response post(String contentType, String mapping, byte[] file) {
        RequestSpecification request = as("intake").contentType(contentType).body(file);
        if (mapping != null) {
            request.queryParam("mapping", mapping);
        }
        return request.post("/imports");
    }

    private static byte[] sample(String name) throws IOException {
        try (InputStream in = ImportResourceTest.class.getResourceAsStream("/imports/" + name)) {
            return in.readAllBytes();
        }
    }

    private static String start(String contentType, String mapping, byte[] file) {
        Response response = post(contentType, mapping, file);
        response.then().statusCode(202);
        return response.jsonPath().getString("importId");
    }

    private static JsonNode awaitDone(String importId) {
        return await().atMost(IMPORT).until(() -> status(importId), s -> s.path("status").asText().equals("DONE"));
    }

    private static JsonNode status(String importId) {
        return Json.read(as("intake").get("/imports/" + importId).then().statusCode(200).extract().asString(),
                JsonNode.class);
    }

    /** Every line of the import, paging through GET /imports/{id}/lines. */
    private static Map<Long, JsonNode> lines(String importId, int pageSize) {
        Map<Long, JsonNode> lines = new HashMap<>();
        Long from = 1L;
        while (from != null) {
            JsonNode page = Json.read(as("intake").queryParam("from", from).queryParam("limit", pageSize)
                    .get("/imports/" + importId + "/lines").then().statusCode(200).extract().asString(), JsonNode.class);
            page.path("lines").forEach(l -> lines.put(l.path("line").asLong(), l));
            from = page.path("next").isNull() ? null : page.path("next").asLong();
        }
        return lines;
    }

    private static InteractionReceived received(JsonNode line) {
        EventEnvelope envelope = RECEIVED.awaitEnvelope(line.path("interactionId").asText());
        return envelope.payloadAs(InteractionReceived.class);
    }

    @Test
    void importsOurOwnSchemaKeepingEachLinesTimeAndCountingEveryBadLine() throws IOException, SQLException {
        String importId = start("application/x-ndjson", "ndjson", sample("interactions.ndjson"));

        JsonNode done = awaitDone(importId);
        assertEquals(0, chunks(importId), "an ended import keeps its counts and lines, not the file as sent");
        assertEquals(7, done.path("lines").asLong(), done.toString());
        assertEquals(4, done.path("accepted").asLong(), done.toString());
        assertEquals(3, done.path("rejected").asLong(), done.toString());
        assertEquals(1.0, done.path("progress").asDouble());

        Map<Long, JsonNode> lines = lines(importId, 2);
        assertEquals(Set.of(1L, 2L, 4L, 5L, 6L, 7L, 8L), lines.keySet(), "line 3 is blank");
        assertEquals("REJECTED", lines.get(4L).path("status").asText());
        assertTrue(lines.get(4L).path("reason").asText().startsWith("invalid-json"), lines.get(4L).toString());
        assertTrue(lines.get(5L).path("reason").asText().contains("channel"), lines.get(5L).toString());
        assertTrue(lines.get(6L).path("reason").asText().contains("occurredAt"), lines.get(6L).toString());
        assertEquals("hist-5", lines.get(6L).path("externalId").asText());

        JsonNode cfo = lines.get(2L);
        assertEquals("ACCEPTED", cfo.path("status").asText());
        InteractionReceived interaction = received(cfo);
        assertEquals(Instant.parse("2025-01-07T14:30:00Z"), interaction.occurredAt());
        assertEquals(importId, interaction.importId());
        assertEquals(2L, interaction.importLine());
        assertEquals("hist-2", interaction.externalId());
        assertEquals("CFO", interaction.contact().title());
        assertEquals("ignored", received(lines.get(7L)).agentDecision().canonicalAction());

        InteractionRejected rejection = REJECTED.awaitEnvelope(lines.get(5L).path("interactionId").asText())
                .payloadAs(InteractionRejected.class);
        assertEquals("validation-failed", rejection.reason());
        assertEquals(importId, rejection.importId());
        assertEquals(5L, rejection.importLine());

        // the same file again is the same import: nothing new
        Response again = post("application/x-ndjson", "ndjson", sample("interactions.ndjson"));
        again.then().statusCode(202).header(InteractionResource.REPLAYED, "true");
        assertEquals(importId, again.jsonPath().getString("importId"));
        assertEquals(1, RECEIVED.countAfterReadingToEnd(cfo.path("interactionId").asText()));
    }

    @Test
    void importsCsvWithNamedColumnsQuotedCommasAndLineBreaks() throws IOException {
        String importId = start("text/csv", "csv", sample("interactions.csv"));

        JsonNode done = awaitDone(importId);
        assertEquals(5, done.path("lines").asLong(), done.toString());
        assertEquals(3, done.path("accepted").asLong(), done.toString());
        assertEquals(2, done.path("rejected").asLong(), done.toString());
        Map<Long, JsonNode> lines = lines(importId, 100);
        assertEquals(Set.of(2L, 3L, 5L, 6L, 7L), lines.keySet(), "lines where each record starts; csv-2 spans two");
        InteractionReceived enterprise = received(lines.get(3L));
        assertEquals("Pricing, again", enterprise.subject());
        assertEquals("We are 2,000 people and want an enterprise plan.\nCan someone call me?", enterprise.text());
        assertEquals(2000, enterprise.contact().companySize());
        assertEquals(0.61, enterprise.agentDecision().confidence());
        assertEquals("deflected", enterprise.agentDecision().canonicalAction());
        assertEquals(Instant.parse("2025-02-04T10:20:00Z"), enterprise.occurredAt());
        assertTrue(lines.get(5L).path("reason").asText().contains("occurred_at"), lines.get(5L).toString());
        assertTrue(lines.get(7L).path("reason").asText().contains("fields"), lines.get(7L).toString());
        InteractionReceived quoted = received(lines.get(6L));
        assertEquals("a \"quoted\" word", quoted.text());
        assertNull(quoted.agentDecision(), "no agent's decision in the row: none invented");
    }

    @Test
    void importsAZendeskTicketExport() throws IOException {
        String importId = start("application/x-ndjson", "zendesk-tickets", sample("zendesk-tickets.ndjson"));

        JsonNode done = awaitDone(importId);
        assertEquals(3, done.path("lines").asLong());
        assertEquals(2, done.path("accepted").asLong(), done.toString());
        Map<Long, JsonNode> lines = lines(importId, 100);
        InteractionReceived printer = received(lines.get(1L));
        assertEquals("35436", printer.externalId());
        assertEquals("web_form", printer.channel());
        assertEquals("question", printer.agentDecision().label());
        assertEquals("solved", printer.agentDecision().action());
        assertEquals("closed", printer.agentDecision().canonicalAction());
        assertEquals(List.of("customer", "agent"), printer.turns().stream().map(t -> t.role()).toList());
        assertEquals(Instant.parse("2025-03-03T09:15:00Z"), printer.occurredAt());
        InteractionReceived dpa = received(lines.get(2L));
        assertEquals("ticket", dpa.agentDecision().label(), "a ticket without a type");
        assertEquals("Nair & Co", dpa.contact().company());
        assertTrue(lines.get(3L).path("reason").asText().contains("created_at"), lines.get(3L).toString());
    }

    @Test
    void importsAnIntercomConversationExport() throws IOException {
        String importId = start("application/x-ndjson", "intercom-conversations",
                sample("intercom-conversations.ndjson"));

        JsonNode done = awaitDone(importId);
        assertEquals(3, done.path("accepted").asLong(), done.toString());
        Map<Long, JsonNode> lines = lines(importId, 100);
        InteractionReceived email = received(lines.get(1L));
        assertEquals("Hi, can I change the email on my account?", email.text());
        assertEquals(Instant.ofEpochSecond(1741600000), email.occurredAt());
        assertEquals("answered", email.agentDecision().canonicalAction());
        assertEquals("account", email.agentDecision().label());
        assertEquals(1, email.turns().size(), "the assignment without a body is no turn");
        assertEquals("Yes: Settings & then Email.", email.turns().get(0).text());
        assertEquals("agent", email.turns().get(0).role());
        InteractionReceived partnership = received(lines.get(2L));
        assertEquals("email", partnership.channel());
        assertEquals("Partnership", partnership.subject());
        assertEquals("abandoned", partnership.agentDecision().action());
        assertEquals("other", partnership.agentDecision().canonicalAction());
        assertNull(received(lines.get(3L)).agentDecision(), "no AI agent, no tag: no agent's decision");
    }

    /** Lines of a file made for one test: ids of its own, so no other test's import holds them. */
    private static String ndjson(String prefix, int from, int to, String text) {
        StringBuilder file = new StringBuilder();
        for (int i = from; i <= to; i++) {
            file.append("""
                    {"occurredAt":"2025-04-01T10:00:00Z","channel":"chat","text":"%s %d","externalId":"%s-%d"}
                    """.formatted(text, i, prefix, i));
        }
        return file.toString();
    }

    @Test
    void anOverlappingExportAddsOnlyWhatIsNewAndRefusesChangedConversations() {
        String prefix = "overlap-" + UUID.randomUUID();
        String first = start("application/x-ndjson", null,
                ndjson(prefix, 1, 3, "first").getBytes(StandardCharsets.UTF_8));
        awaitDone(first);
        // lines 2..3 again, unchanged; 4 is new; 1 comes back with other content
        String file = ndjson(prefix, 2, 4, "first") + ndjson(prefix, 1, 1, "changed");
        String second = start("application/x-ndjson", null, file.getBytes(StandardCharsets.UTF_8));

        JsonNode done = awaitDone(second);
        assertEquals(1, done.path("accepted").asLong(), done.toString());
        assertEquals(2, done.path("duplicates").asLong(), done.toString());
        assertEquals(1, done.path("rejected").asLong(), done.toString());
        Map<Long, JsonNode> lines = lines(second, 100);
        assertEquals(lines(first, 100).get(2L).path("interactionId"), lines.get(1L).path("interactionId"));
        assertTrue(lines.get(4L).path("reason").asText().startsWith("idempotency-conflict"), lines.get(4L).toString());
    }

    /**
     * What a crash between a batch's publish and its commit leaves (the batch published, its lines, keys and resume
     * point not committed) is resumed without loss, and the batch published again carries the same event ids, which
     * every consumer drops: the import counts each line once and the pipeline sees each interaction once.
     */
    @Test
    void resumesAfterACrashBetweenPublishAndCommitWithoutLosingOrCountingTwice() throws SQLException {
        String prefix = "resume-" + UUID.randomUUID();
        int total = 1_234;
        String importId;
        JsonNode done;
        // the upload is deleted when the import ends; kept here, as a crash before that commit would have kept it.
        // A trigger, not a rule: a statement prepared while a DO INSTEAD NOTHING rule exists keeps doing nothing
        // after the rule is dropped (its plan references no table, so PostgreSQL never plans it again)
        try (Connection c = db.getConnection(); Statement sql = c.createStatement()) {
            sql.execute("create function import_upload_kept() returns trigger language plpgsql as "
                    + "$$ begin return null; end $$");
            sql.execute("create trigger import_upload_kept before delete on import_chunk for each row "
                    + "execute function import_upload_kept()");
            try {
                importId = start("application/x-ndjson", "ndjson",
                        ndjson(prefix, 1, total, "resume").getBytes(StandardCharsets.UTF_8));
                done = awaitDone(importId);
            } finally {
                sql.execute("drop trigger import_upload_kept on import_chunk");
                sql.execute("drop function import_upload_kept()");
            }
        }
        assertTrue(chunks(importId) > 0, "the upload was kept, as a crash would have kept it");
        assertEquals(total, done.path("accepted").asLong());
        Map<Long, JsonNode> before = lines(importId, 1000);

        // rewind to after the first batch (500 lines): as if intake died after publishing the rest
        try (Connection c = db.getConnection()) {
            exec(c, "delete from idempotency_key where interaction_id in (select interaction_id from import_line"
                    + " where import_id = ? and line > 500)", importId);
            exec(c, "delete from import_line where import_id = ? and line > 500", importId);
            exec(c, "update import_run set processed = 500, accepted = 500, status = 'RUNNING', finished_at = null"
                    + " where id = ?", importId);
        }

        JsonNode resumed = awaitDone(importId);
        assertEquals(0, chunks(importId), "the upload is deleted when the resumed import ends");
        assertEquals(total, resumed.path("lines").asLong());
        assertEquals(total, resumed.path("accepted").asLong(), resumed.toString());
        assertEquals(0, resumed.path("duplicates").asLong() + resumed.path("rejected").asLong());
        Map<Long, JsonNode> after = lines(importId, 1000);
        assertEquals(before.keySet(), after.keySet());
        for (long line : List.of(1L, 500L, 501L, 1234L)) {
            assertEquals(before.get(line).path("interactionId"), after.get(line).path("interactionId"));
        }
        List<EventEnvelope> republished = RECEIVED.envelopesAfterReadingToEnd(after.get(501L).path("interactionId").asText());
        assertEquals(2, republished.size(), "published before the crash and again after it");
        assertEquals(republished.get(0).eventId(), republished.get(1).eventId(), "the copy has the same event id");
        assertEquals(1, RECEIVED.countAfterReadingToEnd(after.get(500L).path("interactionId").asText()),
                "the committed batch was not published again");
    }

    /** The import's stored upload: how many chunks of it are left. */
    private long chunks(String importId) throws SQLException {
        try (Connection c = db.getConnection();
             PreparedStatement q = c.prepareStatement("select count(*) from import_chunk where import_id = ?")) {
            q.setString(1, importId);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Test
    void aFailedImportKeepsItsCountsButNotItsUpload() throws IOException, SQLException {
        byte[] file = ndjson("failed-" + UUID.randomUUID(), 1, 7, "failed").getBytes(StandardCharsets.UTF_8);
        String importId = store.store("ndjson", "application/x-ndjson", false, new ByteArrayInputStream(file)).importId();

        store.fail(importId, "given up by the test");

        // whether the runner got to it first or not, the import has ended and its upload is gone
        JsonNode failed = await().atMost(IMPORT).until(() -> status(importId),
                s -> !s.path("status").asText().equals("RUNNING"));
        assertEquals(7, failed.path("lines").asLong(), failed.toString());
        assertEquals(0, chunks(importId));
    }

    private static void exec(Connection c, String sql, String importId) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            statement.setString(1, importId);
            statement.executeUpdate();
        }
    }

    @Test
    void countsTheRoutingDecisionsOfItsInteractionsOnce() {
        String prefix = "routed-" + UUID.randomUUID();
        String importId = start("application/x-ndjson", "ndjson",
                ndjson(prefix, 1, 2, "routed").getBytes(StandardCharsets.UTF_8));
        awaitDone(importId);
        String interactionId = lines(importId, 10).get(1L).path("interactionId").asText();
        EventEnvelope routed = EventEnvelope.first(InteractionRouted.TYPE, interactionId, "routing-service@test",
                new InteractionRouted(RoutingOutcome.AGENT_HANDLED, null, null, null, null, "POLICY_RULE", "r1",
                        "p1", "test"));

        TopicReader.companion().produceStrings().fromRecords(
                new ProducerRecord<>(Topics.INTERACTIONS_ROUTED, interactionId, routed.toJson()),
                new ProducerRecord<>(Topics.INTERACTIONS_ROUTED, interactionId, routed.toJson())).awaitCompletion();

        await().atMost(IMPORT).until(() -> status(importId).path("routed").asLong() == 1);
        assertTrue(lines(importId, 10).get(1L).path("routed").asBoolean());
        assertEquals(false, lines(importId, 10).get(2L).path("routed").asBoolean());
        // the copy arrives meanwhile; it must not count
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> true);
        assertEquals(1, status(importId).path("routed").asLong());
    }

    /**
     * Intake publishes a batch before it commits the batch's lines, so on a fast pipeline a routing decision can
     * arrive first. Played here on the store in that order, with the import held so that no runner touches it.
     */
    @Test
    void countsADecisionThatArrivesBeforeItsLineIsCommitted() throws SQLException {
        String importId = UUID.randomUUID().toString();
        String early = UUID.randomUUID().toString();
        String notRouted = UUID.randomUUID().toString();
        try (ImportStore.Held held = store.lock(importId).orElseThrow()) {
            try (Connection c = db.getConnection(); PreparedStatement insert = c.prepareStatement("""
                    insert into import_run (id, mapping, media_type, content_hash, status, lines, created_at)
                    values (?, 'ndjson', 'application/x-ndjson', ?, 'RUNNING', 2, now())""")) {
                insert.setString(1, importId);
                insert.setString(2, importId);
                insert.executeUpdate();
            }
            Instant routedAt = Instant.parse("2026-01-02T03:04:05Z");
            List<ImportStore.Decision> decision = List.of(new ImportStore.Decision(early, routedAt));
            assertEquals(0, store.routed(decision), "no line yet: noted, not counted");

            store.commitBatch(store.begin(), importId, List.of(
                    new ImportStore.Line(1, "early-1", early, ImportStore.LineStatus.ACCEPTED, null, null),
                    new ImportStore.Line(2, "early-2", notRouted, ImportStore.LineStatus.ACCEPTED, null, null)), 2);

            assertEquals(1, status(importId).path("routed").asLong(), "the commit counted the early decision");
            Map<Long, JsonNode> lines = lines(importId, 10);
            assertTrue(lines.get(1L).path("routed").asBoolean());
            assertEquals(false, lines.get(2L).path("routed").asBoolean());
            assertEquals(0, store.routed(decision), "the decision delivered again counts once");
            assertEquals(1, status(importId).path("routed").asLong());
        }
    }

    @Test
    void refusesWhatItCannotImportSayingWhatToSend() {
        byte[] file = "{}\n".getBytes(StandardCharsets.UTF_8);
        post("application/json", null, file).then().statusCode(415)
                .contentType(startsWith("application/problem+json"))
                .body("detail", containsString("application/x-ndjson or text/csv"));
        post("application/x-ndjson", "salesforce", file).then().statusCode(400)
                .body("detail", containsString("zendesk-tickets"));
        post("text/csv", "ndjson", file).then().statusCode(415)
                .body("detail", containsString("reads application/x-ndjson"));
        as("intake").get("/imports/" + UUID.randomUUID()).then().statusCode(404)
                .contentType(startsWith("application/problem+json"));
        String importId = start("application/x-ndjson", null,
                ndjson("params-" + UUID.randomUUID(), 1, 1, "p").getBytes(StandardCharsets.UTF_8));
        as("intake").queryParam("limit", 5000).get("/imports/" + importId + "/lines").then().statusCode(400)
                .body("detail", containsString("limit"));
        as("reviewer").contentType("application/x-ndjson").body(file).post("/imports").then().statusCode(403);
        given().get("/imports/" + importId).then().statusCode(401);
    }

    @Test
    void anEmptyFileIsAnImportOfNothingDoneAtOnce() {
        Response response = post("application/x-ndjson", null, "\n\n   \n".getBytes(StandardCharsets.UTF_8));
        response.then().statusCode(202).body("status", equalTo("DONE")).body("lines", equalTo(0));
    }
}
