package dev.exceptionledger.console.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exceptionledger.console.clients.BacktestApi;
import dev.exceptionledger.console.clients.RoutingApi;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The routing policy (routing-service, role policy-admin): the active policy and its versions, a candidate
 * validated with each guardrail problem shown next to its line, and backtested over recorded days.
 */
@Path("/policy")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed("policy-admin")
public class PolicyResource {

    private final RoutingApi routing;
    private final BacktestApi backtests;
    private final Template policy;

    PolicyResource(@RestClient RoutingApi routing, @RestClient BacktestApi backtests,
                   @Location("policy.html") Template policy) {
        this.routing = routing;
        this.backtests = backtests;
        this.policy = policy;
    }

    @GET
    public TemplateInstance policy() {
        JsonNode active = routing.policy();
        return page(active, active.path("document").asText(), null, null);
    }

    @POST
    @Path("/validate")
    public TemplateInstance validate(@FormParam("candidate") String candidate) {
        JsonNode active = routing.policy();
        String text = candidate == null ? "" : candidate;
        try {
            JsonNode valid = routing.validate(text);
            return page(active, text, "valid: it would become version " + valid.path("version").asText(), List.of());
        } catch (WebApplicationException e) {
            return invalid(active, text, e);
        }
    }

    /** The candidate against the active policy over the recorded classifications of whole days (UTC, inclusive). */
    @POST
    @Path("/backtest")
    public TemplateInstance backtest(@FormParam("candidate") String candidate, @FormParam("from") String from,
                                     @FormParam("to") String to) {
        JsonNode active = routing.policy();
        String text = candidate == null ? "" : candidate;
        LocalDate first = day("from", from);
        LocalDate last = day("to", to);
        ObjectNode request = JsonNodeFactory.instance.objectNode().put("policy", text)
                .put("from", first.atStartOfDay(ZoneOffset.UTC).toInstant().toString())
                .put("to", last.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toString())
                .put("maxMoves", MAX_MOVES);
        try {
            JsonNode report = backtests.backtest(request);
            return page(active, text, "valid", List.of()).data("backtest", Views.of(report))
                    .data("backtestFrom", first).data("backtestTo", last);
        } catch (WebApplicationException e) {
            return invalid(active, text, e);
        }
    }

    static final int MAX_MOVES = 50;

    private TemplateInstance invalid(JsonNode active, String text, WebApplicationException e) {
        if (e.getResponse().getStatus() != 400) {
            throw e;
        }
        JsonNode problem = Refusals.problem(e);
        return page(active, text, problem.path("detail").asText("the policy is not valid"), problemsByLine(problem));
    }

    private static LocalDate day(String name, String value) {
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException | NullPointerException e) {
            throw new BadRequestException("'" + name + "' must be a day such as 2026-01-31, not '" + value + "'");
        }
    }

    /** One entry per line of the candidate: its text and the problems the service found on it. */
    @TemplateData
    public record Line(int number, String text, List<String> problems) { }

    private TemplateInstance page(JsonNode active, String candidate, String verdict, List<String[]> problems) {
        List<Line> lines = new ArrayList<>();
        String[] texts = candidate.split("\n", -1);
        for (int i = 0; i < texts.length; i++) {
            List<String> onLine = new ArrayList<>();
            if (problems != null) {
                for (String[] p : problems) {
                    if (p[0].equals(String.valueOf(i + 1))) {
                        onLine.add(p[1]);
                    }
                }
            }
            lines.add(new Line(i + 1, texts[i], onLine));
        }
        return policy.data("active", Views.of(active)).data("versions", Views.of(routing.versions()))
                .data("today", LocalDate.now(ZoneOffset.UTC)).data("backtest", null)
                .data("candidate", candidate).data("lines", problems == null ? null : lines)
                .data("verdict", verdict).data("valid", problems != null && problems.isEmpty());
    }

    /** [line, "path: message"] for each problem of routing's invalid-policy answer (line 0: not on a line). */
    private static List<String[]> problemsByLine(JsonNode problem) {
        List<String[]> problems = new ArrayList<>();
        for (JsonNode p : problem.path("problems")) {
            problems.add(new String[] {p.path("line").asText("0"),
                    p.path("path").asText() + ": " + p.path("message").asText()});
        }
        return problems;
    }
}
