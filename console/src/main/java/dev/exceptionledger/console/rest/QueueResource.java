package dev.exceptionledger.console.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exceptionledger.console.clients.ClassifierApi;
import dev.exceptionledger.console.clients.LedgerApi;
import dev.exceptionledger.console.clients.ReviewApi;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The review queue and its items (review-service: role reviewer): open items nearest SLA first, claims with their
 * lease, the item with its packet and ledger timeline, and the verdict form.
 */
@Path("/queue")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed("reviewer")
public class QueueResource {

    static final int PAGE_SIZE = 50;

    private final ReviewApi reviews;
    private final LedgerApi ledger;
    private final ClassifierApi classifier;
    private final Template queue;
    private final Template item;

    QueueResource(@RestClient ReviewApi reviews, @RestClient LedgerApi ledger, @RestClient ClassifierApi classifier,
                  @Location("queue.html") Template queue, @Location("item.html") Template item) {
        this.reviews = reviews;
        this.ledger = ledger;
        this.classifier = classifier;
        this.queue = queue;
        this.item = item;
    }

    @GET
    public TemplateInstance queue(@QueryParam("status") @DefaultValue("open") String status,
                                  @QueryParam("team") String team, @QueryParam("intent") String intent,
                                  @QueryParam("reasonCode") String reasonCode, @QueryParam("source") String source,
                                  @QueryParam("claimed") String claimed, @QueryParam("page") @DefaultValue("0") int page,
                                  @QueryParam("problem") String problem, @QueryParam("done") String done) {
        JsonNode found = reviews.queue(status, blank(team), blank(intent), blank(reasonCode), blank(source),
                blank(claimed), page, PAGE_SIZE);
        long total = found.path("total").asLong();
        return queue.data("page", Views.of(found)).data("status", status).data("team", orEmpty(team))
                .data("intent", orEmpty(intent)).data("reasonCode", orEmpty(reasonCode))
                .data("source", orEmpty(source)).data("claimed", orEmpty(claimed)).data("pageNumber", page)
                .data("hasPrevious", page > 0).data("hasNext", (long) (page + 1) * PAGE_SIZE < total)
                .data("query", query(status, team, intent, reasonCode, source, claimed))
                .data("problem", problem).data("done", done);
    }

    @GET
    @Path("/{id}")
    public TemplateInstance item(@PathParam("id") String id, @QueryParam("problem") String problem,
                                 @QueryParam("done") String done) {
        JsonNode detail = reviews.item(id);
        JsonNode timeline = timelineOf(detail.path("interactionId").asText());
        JsonNode taxonomy = classifier.taxonomy();
        TreeSet<String> intents = new TreeSet<>();
        TreeSet<String> teams = new TreeSet<>();
        for (JsonNode intent : taxonomy.path("intents")) {
            intents.add(intent.path("name").asText());
            if (!intent.path("team").asText().isEmpty()) {
                teams.add(intent.path("team").asText());
            }
        }
        String[] neighbours = neighbours(id);
        return item.data("item", Views.of(detail)).data("timeline", Views.of(timeline))
                .data("intents", intents).data("teams", teams).data("problem", problem).data("done", done)
                .data("previous", neighbours[0]).data("next", neighbours[1])
                .data("escalated", !"AUDIT".equals(detail.path("source").asText()));
    }

    @POST
    @Path("/{id}/claim")
    public Response claim(@PathParam("id") String id, @FormParam("back") String back) {
        try {
            reviews.claim(id);
            return back(back, id, null, "claimed");
        } catch (WebApplicationException e) {
            return back(back, id, Refusals.detail(e), null);
        }
    }

    @POST
    @Path("/{id}/release")
    public Response release(@PathParam("id") String id, @FormParam("back") String back) {
        try {
            reviews.release(id);
            return back(back, id, null, "released");
        } catch (WebApplicationException e) {
            return back(back, id, Refusals.detail(e), null);
        }
    }

    @POST
    @Path("/{id}/verdict")
    public Response verdict(@PathParam("id") String id, @FormParam("verdict") String verdict,
                            @FormParam("note") String note, @FormParam("correctIntent") String correctIntent,
                            @FormParam("newIntent") String newIntent, @FormParam("correctTeam") String correctTeam,
                            @FormParam("estimatedValue") String estimatedValue, @FormParam("refersTo") String refersTo) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("verdict", blank(verdict));
        body.put("note", blank(note));
        // the form sends every field; the verdict decides which the service reads (its README)
        String intent = blank(newIntent) != null ? blank(newIntent) : blank(correctIntent);
        if (intent != null && !"CONFIRMED".equals(verdict) && !"WRONG_TEAM".equals(verdict)) {
            body.put("correctIntent", intent);
        }
        if (blank(correctTeam) != null && ("WRONG_TEAM".equals(verdict) || "OVERTURNED".equals(verdict))) {
            body.put("correctTeam", blank(correctTeam));
        }
        if (blank(estimatedValue) != null) {
            try {
                body.put("estimatedValue", Double.parseDouble(estimatedValue.strip()));
            } catch (NumberFormatException e) {
                return back(null, id, "the estimated value must be a number such as 12000, not '"
                        + estimatedValue + "'", null);
            }
        }
        if (blank(refersTo) != null) {
            body.put("refersTo", blank(refersTo));
        }
        try {
            reviews.verdict(id, body);
            return back(null, id, null, "verdict " + verdict + " recorded");
        } catch (WebApplicationException e) {
            return back(null, id, Refusals.detail(e), null);
        }
    }

    /** The interaction's ledger timeline, or null while the ledger has not recorded it yet. */
    private JsonNode timelineOf(String interactionId) {
        try {
            return ledger.timeline(interactionId);
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() == 404) {
                return null;
            }
            throw e;
        }
    }

    /** The open items before and after this one in the queue's first page (for j/k), or nulls. */
    private String[] neighbours(String id) {
        JsonNode open = reviews.queue("open", null, null, null, null, null, 0, 200).path("items");
        List<String> ids = new ArrayList<>();
        open.forEach(i -> ids.add(i.path("id").asText()));
        int at = ids.indexOf(id);
        String previous = at > 0 ? "/queue/" + ids.get(at - 1) : null;
        String next = at >= 0 && at + 1 < ids.size() ? "/queue/" + ids.get(at + 1)
                : at < 0 && !ids.isEmpty() ? "/queue/" + ids.get(0) : null;
        return new String[] {previous, next};
    }

    /** After a form: back to the list it came from, or to the item, with what happened. */
    private static Response back(String back, String id, String problem, String done) {
        String target = back != null && back.startsWith("/queue") ? back : "/queue/" + id;
        StringBuilder url = new StringBuilder(target).append(target.contains("?") ? "&" : "?");
        url.append(problem != null ? "problem=" + encode(problem) : "done=" + encode(done));
        return Response.seeOther(URI.create(url.toString())).build();
    }

    private static String query(String... values) {
        String[] names = {"status", "team", "intent", "reasonCode", "source", "claimed"};
        StringBuilder query = new StringBuilder();
        for (int i = 0; i < names.length; i++) {
            if (blank(values[i]) != null) {
                query.append(query.isEmpty() ? "" : "&").append(names[i]).append('=').append(encode(values[i]));
            }
        }
        return query.toString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
