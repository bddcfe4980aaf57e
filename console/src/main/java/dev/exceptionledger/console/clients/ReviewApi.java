package dev.exceptionledger.console.clients;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** review-service (see its README): queues, claims, verdicts, blind spots, audit runs. */
@RegisterRestClient(configKey = "review")
@RegisterProvider(UserToken.class)
@Produces(MediaType.APPLICATION_JSON)
public interface ReviewApi {

    @GET
    @Path("/reviews")
    JsonNode queue(@QueryParam("status") String status, @QueryParam("team") String team,
                   @QueryParam("intent") String intent, @QueryParam("reasonCode") String reasonCode,
                   @QueryParam("source") String source, @QueryParam("claimed") String claimed,
                   @QueryParam("page") int page, @QueryParam("size") int size);

    @GET
    @Path("/reviews/{id}")
    JsonNode item(@PathParam("id") String id);

    @POST
    @Path("/reviews/{id}/claim")
    JsonNode claim(@PathParam("id") String id);

    @DELETE
    @Path("/reviews/{id}/claim")
    void release(@PathParam("id") String id);

    @POST
    @Path("/reviews/{id}/verdict")
    @Consumes(MediaType.APPLICATION_JSON)
    JsonNode verdict(@PathParam("id") String id, JsonNode verdict);

    @GET
    @Path("/reviews/blind-spots")
    JsonNode blindSpots(@QueryParam("from") String from, @QueryParam("to") String to);

    @GET
    @Path("/audit-runs")
    JsonNode auditRuns(@QueryParam("size") Integer size);
}
