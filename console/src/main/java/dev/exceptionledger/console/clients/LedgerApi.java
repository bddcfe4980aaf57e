package dev.exceptionledger.console.clients;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** ledger-service (see its README): the funnel, timelines, replay, verification, erasure. */
@Path("/ledger")
@RegisterRestClient(configKey = "ledger")
@RegisterProvider(UserToken.class)
public interface LedgerApi {

    @GET
    @Path("/funnel")
    @Produces(MediaType.APPLICATION_JSON)
    JsonNode funnel(@QueryParam("from") String from, @QueryParam("to") String to,
                    @QueryParam("traffic") String traffic, @QueryParam("channel") String channel,
                    @QueryParam("intent") String intent, @QueryParam("team") String team);

    @GET
    @Path("/interactions/{interactionId}")
    @Produces(MediaType.APPLICATION_JSON)
    JsonNode timeline(@PathParam("interactionId") String interactionId);

    @GET
    @Path("/verify")
    @Produces(MediaType.APPLICATION_JSON)
    JsonNode verify();

    /** NDJSON, streamed: the caller copies the body to its own response. */
    @GET
    @Path("/replay")
    @Produces("application/x-ndjson")
    Response replay(@QueryParam("from") String from, @QueryParam("to") String to,
                    @QueryParam("interactionId") String interactionId, @QueryParam("type") String type);

    @POST
    @Path("/subjects/{contactId}/erasure")
    @Produces(MediaType.APPLICATION_JSON)
    JsonNode erase(@PathParam("contactId") String contactId);
}
