package dev.exceptionledger.console.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.security.ForbiddenException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

import java.io.IOException;
import java.util.Arrays;

/**
 * Refusals as pages: a page the user's roles do not open (403, naming the roles it needs), and a service's answer
 * that is not a success (its status and its problem+json detail, so the user sees what to change).
 */
public class Refusals {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final Template refused;

    Refusals(@Location("refused.html") Template refused) {
        this.refused = refused;
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, SimpleResourceInfo resource) {
        RolesAllowed allowed = resource == null || resource.getMethodName() == null ? null
                : rolesOf(resource);
        String needs = allowed == null ? "a role you do not have" : "role " + String.join(" or ", allowed.value());
        return page(403, "Not for your roles", "This page needs " + needs + ".");
    }

    @ServerExceptionMapper
    public Response service(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        String detail = detail(e);
        if (status == 403) {
            return page(403, "Not for your roles", "The service refused: " + detail);
        }
        if (status == 404) {
            return page(404, "Not found", detail);
        }
        return page(status >= 500 ? 502 : status, status >= 500 ? "A service failed (" + status + ")" : "Cannot do that",
                detail);
    }

    /** Input the console itself cannot use (a contact that is neither an email nor an id). */
    @ServerExceptionMapper
    public Response badInput(IllegalArgumentException e) {
        return page(400, "Cannot do that", e.getMessage());
    }

    /** The problem+json detail (and each violation) of a service's refusal, or its body as text. */
    static String detail(WebApplicationException e) {
        JsonNode problem = problem(e);
        StringBuilder text = new StringBuilder(problem.path("detail").asText(problem.path("title").asText(e.getMessage())));
        for (JsonNode violation : problem.path("violations")) {
            text.append("; ").append(violation.path("field").asText()).append(": ")
                    .append(violation.path("message").asText());
        }
        return text.toString();
    }

    /** A service's problem+json answer; a body that is not JSON becomes its detail. Reads the body (once). */
    static JsonNode problem(WebApplicationException e) {
        String body;
        try {
            body = e.getResponse().hasEntity() ? e.getResponse().readEntity(String.class) : "";
        } catch (RuntimeException unreadable) {
            body = "";
        }
        try {
            JsonNode problem = body == null || body.isBlank() ? null : MAPPER.readTree(body);
            if (problem != null && problem.isObject()) {
                return problem;
            }
        } catch (IOException notJson) {
            // its text is the detail
        }
        return MAPPER.createObjectNode().put("detail", body == null || body.isBlank() ? e.getMessage() : body);
    }

    private static RolesAllowed rolesOf(SimpleResourceInfo resource) {
        return Arrays.stream(resource.getResourceClass().getDeclaredMethods())
                .filter(m -> m.getName().equals(resource.getMethodName()))
                .map(m -> m.getAnnotation(RolesAllowed.class)).filter(a -> a != null).findFirst()
                .orElse(resource.getResourceClass().getAnnotation(RolesAllowed.class));
    }

    private Response page(int status, String title, String detail) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE)
                .entity(refused.data("title", title).data("detail", detail).data("status", status).render()).build();
    }
}
