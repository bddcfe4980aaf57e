package dev.exceptionledger.console.clients;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** classifier-service: the active taxonomy (its intents and their teams), for the verdict form's choices. */
@RegisterRestClient(configKey = "classifier")
@RegisterProvider(UserToken.class)
@Produces(MediaType.APPLICATION_JSON)
public interface ClassifierApi {

    @GET
    @Path("/taxonomy")
    JsonNode taxonomy();
}
