package dev.exceptionledger.intake.rest;

import dev.exceptionledger.intake.ImportMappings;
import dev.exceptionledger.intake.ImportRunner;
import dev.exceptionledger.intake.domain.ImportMapping;
import dev.exceptionledger.intake.persistence.ImportStore;
import dev.exceptionledger.intake.persistence.ImportStore.Run;
import dev.exceptionledger.support.Problem;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Imports of past interactions: the file is stored as it streams in and processed in the background (see
 * {@link ImportRunner}); these endpoints start an import and report on it.
 */
@Path("/imports")
@Produces(MediaType.APPLICATION_JSON)
public class ImportResource {

    static final String NDJSON = "application/x-ndjson";
    static final String CSV = "text/csv";
    static final int MAX_LIMIT = 1000;

    private final ImportStore store;
    private final ImportMappings mappings;
    private final ImportRunner runner;

    ImportResource(ImportStore store, ImportMappings mappings, ImportRunner runner) {
        this.store = store;
        this.mappings = mappings;
        this.runner = runner;
    }

    public record Started(String importId, String status, long lines) { }

    public record Status(String importId, String mapping, String status, long lines, long processed, long accepted,
                         long duplicates, long rejected, long routed, double progress, String failure,
                         Instant createdAt, Instant finishedAt) {
        static Status of(Run run) {
            return new Status(run.id(), run.mapping(), run.status().name(), run.lines(), run.processed(),
                    run.accepted(), run.duplicates(), run.rejected(), run.routed(),
                    run.lines() == 0 ? 1.0 : (double) run.processed() / run.lines(), run.failure(), run.createdAt(),
                    run.finishedAt());
        }
    }

    /** @param reason for a rejected line, its code and what to fix; for a duplicate, the interaction it already is */
    public record LineView(long line, String externalId, String status, String interactionId, String reason,
                           boolean routed) { }

    public record Lines(String importId, List<LineView> lines, Long next) { }

    @POST
    @RolesAllowed("intake")
    // any media type reaches this method, so that a wrong one gets a problem+json saying what to send
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Import past interactions",
            description = "A file of application/x-ndjson or text/csv, read with the mapping ?mapping=NAME "
                    + "(ndjson, csv, zendesk-tickets, intercom-conversations); 202 {importId} once the file is "
                    + "stored, processed in the background. The same file with the same mapping again is the same "
                    + "import (Idempotent-Replayed: true). See the README.")
    public Response start(InputStream body, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                          @QueryParam("mapping") String mappingName) throws IOException {
        String type = baseType(contentType);
        if (!NDJSON.equals(type) && !CSV.equals(type)) {
            return problem(Response.Status.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "Content-Type "
                    + (contentType == null ? "is missing" : "'" + contentType + "' is not supported")
                    + ": send the file as application/x-ndjson or text/csv (UTF-8)");
        }
        String name = mappingName != null ? mappingName : NDJSON.equals(type) ? "ndjson" : "csv";
        Optional<ImportMapping> mapping = mappings.get(name);
        if (mapping.isEmpty()) {
            return problem(Response.Status.BAD_REQUEST, "unknown-mapping", "there is no import mapping '" + name
                    + "': use one of " + String.join(", ", mappings.names()));
        }
        boolean csv = mapping.get().format() == ImportMapping.Format.CSV;
        if (csv != CSV.equals(type)) {
            return problem(Response.Status.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "the mapping " + name
                    + " reads " + (csv ? CSV : NDJSON) + ": send the file as that, or choose another mapping");
        }
        ImportStore.Stored stored = store.store(name, type, csv, body);
        if (!stored.existing()) {
            runner.wake();
        }
        Run run = store.find(stored.importId()).orElseThrow();
        Response.ResponseBuilder accepted = Response.accepted(new Started(run.id(), run.status().name(), run.lines()))
                .location(URI.create("/imports/" + run.id()));
        if (stored.existing()) {
            accepted.header(InteractionResource.REPLAYED, "true");
        }
        return accepted.build();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed("intake")
    @Operation(summary = "An import's status and counts")
    public Response status(@PathParam("id") String id) {
        return store.find(id).map(run -> Response.ok(Status.of(run)).build()).orElseGet(() -> notFound(id));
    }

    @GET
    @Path("/{id}/lines")
    @RolesAllowed("intake")
    @Operation(summary = "Each processed line of an import: its interaction, or why it was rejected",
            description = "Lines from line number ?from= (default 1), at most ?limit= (default 100, at most 1000); "
                    + "next is the from of the next page, null at the end.")
    public Response lines(@PathParam("id") String id, @QueryParam("from") String from,
                          @QueryParam("limit") String limit) {
        Long fromLine = number(from, 1);
        Long max = number(limit, 100);
        if (fromLine == null || fromLine < 1 || max == null || max < 1 || max > MAX_LIMIT) {
            return problem(Response.Status.BAD_REQUEST, "invalid-parameter",
                    "from must be a line number (1 or more) and limit between 1 and " + MAX_LIMIT);
        }
        if (store.find(id).isEmpty()) {
            return notFound(id);
        }
        List<LineView> lines = store.lines(id, fromLine, max.intValue() + 1).stream()
                .map(l -> new LineView(l.line(), l.externalId(), l.status().name(), l.interactionId(), l.reason(),
                        l.routedAt() != null))
                .toList();
        Long next = lines.size() > max ? lines.get(max.intValue()).line() : null;
        return Response.ok(new Lines(id, lines.subList(0, Math.min(lines.size(), max.intValue())), next)).build();
    }

    private static Long number(String value, long fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String baseType(String contentType) {
        if (contentType == null) {
            return null;
        }
        try {
            MediaType type = MediaType.valueOf(contentType);
            String charset = type.getParameters().getOrDefault("charset", "utf-8");
            if (!charset.equalsIgnoreCase("utf-8")) {
                return null;
            }
            return (type.getType() + "/" + type.getSubtype()).toLowerCase(java.util.Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Response notFound(String id) {
        return problem(Response.Status.NOT_FOUND, "not-found", "there is no import " + id);
    }

    private static Response problem(Response.Status status, String code, String detail) {
        Problem problem = Problem.of(status, code, detail);
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
