package dev.exceptionledger.console.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.exceptionledger.console.clients.ReviewApi;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the system is most often wrong (review-service's blind-spot report and audit runs: roles reviewer,
 * compliance): overturn and missed-opportunity rates per dimension as bars, with the interactions behind them.
 */
@Path("/blind-spots")
@Produces(MediaType.TEXT_HTML)
public class BlindSpotsResource {

    private final ReviewApi reviews;
    private final Template blindSpots;

    BlindSpotsResource(@RestClient ReviewApi reviews, @Location("blindSpots.html") Template blindSpots) {
        this.reviews = reviews;
        this.blindSpots = blindSpots;
    }

    @GET
    @RolesAllowed({"reviewer", "compliance"})
    public TemplateInstance blindSpots() {
        JsonNode report = reviews.blindSpots(null, null);
        Map<String, List<Object>> byDimension = new LinkedHashMap<>();
        for (String dimension : List.of("intent", "channel", "routingOutcome", "agentAction", "noveltyBand")) {
            byDimension.put(dimension, new ArrayList<>());
        }
        for (JsonNode cluster : report.path("clusters")) {
            byDimension.computeIfAbsent(cluster.path("dimension").asText(), d -> new ArrayList<>())
                    .add(Views.of(cluster));
        }
        byDimension.values().removeIf(List::isEmpty);
        return blindSpots.data("report", Views.of(report)).data("dimensions", byDimension)
                .data("runs", Views.of(reviews.auditRuns(10)));
    }
}
